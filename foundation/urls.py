app_name = "foundation"

urlpatterns: list = []
