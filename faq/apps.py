from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "FAQ and guidance"

    def ready(self):
        from faq.contacts import contacts_forget
        from faq.models import Contact

        # The cached contacts (faq/contacts.py) are forgotten when one changes.
        post_save.connect(contacts_forget, sender=Contact, dispatch_uid="faq.contacts_saved")
        post_delete.connect(contacts_forget, sender=Contact, dispatch_uid="faq.contacts_deleted")
