from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Texting consent"

    def ready(self):
        from consent.services.forms_text import form_texts_forget

        # The cached form texts (consent/services/forms_text.py) are forgotten when one
        # changes. No sender: a data migration's historical model counts too.
        post_save.connect(form_texts_forget, dispatch_uid="consent.form_texts_saved")
        post_delete.connect(form_texts_forget, dispatch_uid="consent.form_texts_deleted")
