"""``{% can user "action" obj as allowed %}``: templates ask roster.access, never decide."""

from django import template

from roster import access

register = template.Library()


@register.simple_tag
def can(user, action, obj=None):
    return access.can(user, action, obj)
