"""The plan, the roll call and the end of a crisis (filled by the planning work)."""

urlpatterns = []
