"""Factories for the FAQ. Entries are made through faq.services.entry_save, as the admin
makes them, so their dates and rendered answers are what a real save produces."""

import factory

from faq.models import Audience, Entry, EntryStatus, InboxMessage, SenderRole, Topic
from faq.services import entry_save


class AudienceFactory(factory.django.DjangoModelFactory):
    """Migration 0002 adds the standard audiences; this finds them (or makes them after a
    transactional test emptied the tables)."""

    class Meta:
        model = Audience
        django_get_or_create = ["slug"]

    slug = "parents"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    position = 100


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = "texting"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class EntryFactory(factory.django.DjangoModelFactory):
    """A published entry for parents unless told otherwise: ``audiences=[...]``."""

    class Meta:
        model = Entry

    question = factory.Sequence(lambda n: f"Question number {n}?")
    answer = "An answer in **Markdown**."
    status = EntryStatus.PUBLISHED
    position = factory.Sequence(lambda n: n)

    @classmethod
    def _create(cls, model_class, *args, audiences=None, **kwargs):
        if audiences is None:
            audiences = [AudienceFactory()]
        return entry_save(entry=model_class(*args, **kwargs), audiences=audiences, editor=None)


class InboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboxMessage

    message = "Can my son's coach text him about practice times?"
    name = "Angela Johnson"
    email = factory.Sequence(lambda n: f"parent{n}@example.com")
    wants_reply = True
    role = SenderRole.PARENT
    client_hash = "0" * 64
