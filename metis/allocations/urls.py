app_name = "allocations"

urlpatterns = []
