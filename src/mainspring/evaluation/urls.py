from django.urls import URLPattern, path

from mainspring.evaluation import views

app_name = "evaluation"
urlpatterns: list[URLPattern] = [
    # --- programs: plans and results
    path("", views.program_list, name="program-list"),
    path("programs/<int:pk>/plan/", views.plan_edit, name="plan-edit"),
    path("programs/<int:pk>/results/", views.results, name="results"),
    path("programs/<int:pk>/comments/", views.comments, name="comments"),
    # --- L&D: surveys, questions, the item bank
    path("surveys/", views.survey_list, name="survey-list"),
    path("programs/<int:pk>/surveys/new/", views.survey_new, name="survey-new"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/questions/add/", views.question_add, name="question-add"),
    path("questions/<int:pk>/move/", views.question_move, name="question-move"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question-remove"),
    path("items/", views.item_list, name="item-list"),
    # --- L&D: deliveries (sessions) and sending
    path("surveys/<int:pk>/sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/send/", views.session_send, name="session-send"),
    # --- everyone with a person: their surveys and answering
    path("my/", views.my_surveys, name="my-surveys"),
    path("answer/<str:token>/", views.answer, name="answer"),
]
