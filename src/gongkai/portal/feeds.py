from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from gongkai.publishing.models import Document
from gongkai.publishing.selectors import DocumentFilters, document_list_public


class LatestDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = "最新公开信息"
    link = "/documents/"
    subtitle = "主动公开的最新政府信息与政策解读"

    def items(self):
        return document_list_public(filters=DocumentFilters())[:50]

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        return f"{item.issuer.name} · {item.index_no}"

    def item_pubdate(self, item: Document):
        return item.published_at

    def item_updateddate(self, item: Document):
        return item.updated_at

    def item_author_name(self, item: Document) -> str:
        return item.issuer.name
