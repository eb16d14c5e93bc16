"""`{% fragment "name" value ... %}…{% endfragment %}`: a partial cached by the tags it read.

Like Django's `{% cache %}`, but an entry is stale as soon as anything it showed is purged
(reviews_project.tags), capped at the next scheduled publication, and off while developing.
The values after the name are what the partial varies on (an object's pk, the page's
canonical query). See reviews_project.fragments.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from reviews_project import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, parts: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        parts = tuple(part.resolve(context) for part in self.parts)
        html = fragments.cached(
            request, self.name, parts, lambda: str(self.nodelist.render(context))
        )
        return mark_safe(html)  # noqa: S308 - the nodelist's own output, escaped as it rendered


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name in quotes.")
    name = bits[1]
    if len(name) < 2 or name[0] != name[-1] or name[0] not in "\"'":
        raise template.TemplateSyntaxError("{% fragment %}'s name must be a quoted string.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name[1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
