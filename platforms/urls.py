"""Staff pages of the platforms app, under /platforms/ (the public list is
/guidance/platforms/, in faq.urls_guidance)."""

app_name = "platforms"

urlpatterns = []
