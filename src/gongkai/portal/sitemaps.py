from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.publishing.models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        return Document.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item: Document):
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["portal:home", "portal:catalogue", "portal:documents", "portal:search"]

    def location(self, item: str) -> str:
        return reverse(item)
