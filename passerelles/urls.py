"""URL map. Pages are private by default (LoginRequiredMiddleware); public ones opt out explicitly."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from passerelles.accounts import code_views, contact_views
from passerelles.accounts import views as account_views
from passerelles.calendars import views as calendar_views
from passerelles.callouts import views as callout_views
from passerelles.core import list_views
from passerelles.core import views as core_views
from passerelles.core.converters import ColourConverter, ExportFormatConverter
from passerelles.demo import views as demo_views
from passerelles.documents import views as documents_views
from passerelles.evaluations import views as evaluation_views
from passerelles.followup import views as followup_views
from passerelles.frameworks import views as frameworks_views
from passerelles.health import views as health_views
from passerelles.insights import views as insights_views
from passerelles.invitations import association_views
from passerelles.invitations import views as invitation_views
from passerelles.matching import views as matching_views
from passerelles.missions import poster_views
from passerelles.missions import views as mission_views
from passerelles.notifications import views as notification_views
from passerelles.organisations import views as organisation_views
from passerelles.outbox import views as outbox_views
from passerelles.outbox import webhooks as sms_webhooks
from passerelles.people import contact_views as relay_views
from passerelles.people import import_views, letter_views, privacy_views, profile_views, sync_views
from passerelles.people import views as people_views
from passerelles.stories import views as story_views
from passerelles.www import annual_review_pages as annual_review_views
from passerelles.www import engagement_pages as engagement_views
from passerelles.www import feeds as mission_feeds
from passerelles.www import host_propose_pages, on_behalf_pages, organisation_settings, webhook_pages
from passerelles.www import passport as passport_views

register_converter(ColourConverter, "colour")
register_converter(ExportFormatConverter, "export")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sante/", health_views.health, name="health"),  # issue 21: for load balancers, public
    path("theme/<colour:colour>.css", core_views.theme_stylesheet, name="theme_stylesheet"),
    path("tableau-de-bord/", core_views.dashboard, name="dashboard"),
    path("a-faire/", core_views.todo, name="todo"),
    path(
        "organisations/<slug:org_slug>/engagements/",
        list_views.organisation_engagements,
        name="organisation_engagements",
    ),
    path(
        "organisations/<slug:org_slug>/engagements.csv",
        list_views.organisation_engagements_csv,
        name="organisation_engagements_csv",
    ),
    # issue 16: the lists of HR, the signatory and the network coordinator, and HR's exports
    path(
        "organisations/<slug:org_slug>/missions/",
        list_views.organisation_missions,
        name="organisation_missions",
    ),
    path("organisations/<slug:org_slug>/temps/", list_views.time_entries, name="time_entries"),
    path(
        "organisations/<slug:org_slug>/exports/paie.xlsx",
        list_views.payroll_export,
        {"fmt": "xlsx"},
        name="payroll_export_xlsx",
    ),
    path(
        "organisations/<slug:org_slug>/exports/paie.csv",
        list_views.payroll_export,
        {"fmt": "csv"},
        name="payroll_export_csv",
    ),
    path(
        "organisations/<slug:org_slug>/exports/arretes.xlsx",
        list_views.acts_export,
        {"fmt": "xlsx"},
        name="acts_export_xlsx",
    ),
    path(
        "organisations/<slug:org_slug>/exports/arretes.csv",
        list_views.acts_export,
        {"fmt": "csv"},
        name="acts_export_csv",
    ),
    path("reseaux/<slug:network_slug>/missions/", list_views.network_missions, name="network_missions"),
    path("profil/", profile_views.my_profile, name="my_profile"),
    path("profil/elements/", profile_views.profile_tag_add, name="profile_tag_add"),
    path("profil/relais/", relay_views.my_contact, name="my_contact"),
    path("profil/relais/retirer/", relay_views.my_contact_remove, name="my_contact_remove"),
    path(
        "profil/elements/<int:tag_id>/retirer/", profile_views.profile_tag_remove, name="profile_tag_remove"
    ),
    path("vocabulaire/suggestions/", profile_views.vocabulary_suggest, name="vocabulary_suggest"),
    path(
        "organisations/<slug:org_slug>/personnes/recherche/",
        people_views.person_search_view,
        name="person_search",
    ),
    path("mes-donnees/", privacy_views.my_data, name="my_data"),
    path("mes-donnees/export.json", privacy_views.my_data_export, name="my_data_export"),
    path("mes-donnees/export.zip", privacy_views.my_data_export_csv, name="my_data_export_csv"),
    path("mes-donnees/effacement/", privacy_views.my_erasure, name="my_erasure"),
    path("donnees-personnelles/", privacy_views.processing_notice, name="processing_notice"),
    path("organisations/<slug:org_slug>/effacements/", privacy_views.erasure_queue, name="erasure_queue"),
    path("effacements/<int:request_id>/traiter/", privacy_views.erasure_process, name="erasure_process"),
    path("equipe/", people_views.my_team, name="my_team"),
    path(
        "organisations/<slug:org_slug>/", organisation_views.organisation_detail, name="organisation_detail"
    ),
    path(
        "organisations/<slug:org_slug>/parametres/",
        organisation_settings.organisation_settings,
        name="organisation_settings",
    ),
    path("organisations/<slug:org_slug>/agents/", people_views.agent_directory, name="agent_directory"),
    path("agents/<int:pk>/", people_views.agent_detail, name="agent_detail"),
    path("organisations/<slug:org_slug>/import/", import_views.import_start, name="import_start"),
    path("organisations/<slug:org_slug>/import/synchronisation/", sync_views.sirh_sync, name="sirh_sync"),
    path("organisations/<slug:org_slug>/vivier/", people_views.pool, name="pool"),
    path(
        "organisations/<slug:org_slug>/vocabulaire/",
        profile_views.organisation_vocabulary_page,
        name="organisation_vocabulary",
    ),
    path(
        "organisations/<slug:org_slug>/vocabulaire/<int:entry_id>/retirer/",
        profile_views.organisation_vocabulary_delete,
        name="organisation_vocabulary_delete",
    ),
    path("imports/<int:import_id>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:import_id>/etat/", import_views.import_status, name="import_status"),
    path("imports/<int:import_id>/appliquer/", import_views.import_apply, name="import_apply"),
    path("imports/<int:import_id>/relancer/", import_views.import_retry, name="import_retry"),
    path("imports/<int:import_id>/abandonner/", import_views.import_discard, name="import_discard"),
    path("organisations/<slug:org_slug>/relecture/", mission_views.review_queue, name="review_queue"),
    path("missions/", mission_views.mission_list, name="mission_list"),
    path("missions/nouvelle/", mission_views.mission_create, name="mission_create"),
    path("missions/les-miennes/", mission_views.my_missions, name="my_missions"),
    path("missions/favoris/", mission_views.my_bookmarks, name="my_bookmarks"),
    path("missions/recherches/", mission_views.saved_searches, name="saved_searches"),
    path(
        "missions/recherches/<int:search_id>/supprimer/",
        mission_views.saved_search_delete,
        name="saved_search_delete",
    ),
    path("missions/code/", poster_views.mission_by_code, name="mission_by_code"),
    path("missions/<int:mission_id>/affiche.pdf", poster_views.mission_poster, name="mission_poster"),
    path("organisations/<slug:org_slug>/affiches/", poster_views.board_posters, name="board_posters"),
    path("organisations/<slug:org_slug>/affiche.pdf", poster_views.board_poster, name="board_poster"),
    path(
        "organisations/<slug:org_slug>/missions.atom",
        mission_feeds.organisation_feed,
        name="organisation_feed",
    ),
    path(
        "organisations/<slug:org_slug>/encart/", mission_feeds.organisation_widget, name="organisation_widget"
    ),
    path("missions/<int:mission_id>/favori/", mission_views.mission_bookmark, name="mission_bookmark"),
    path("missions/<int:mission_id>/", mission_views.mission_detail, name="mission_detail"),
    path("missions/<int:mission_id>/modifier/", mission_views.mission_edit, name="mission_edit"),
    path(
        "missions/<int:mission_id>/suggestions/",
        matching_views.mission_suggestions,
        name="mission_suggestions",
    ),
    path(
        "missions/<int:mission_id>/suggestions/demande-rh/",
        matching_views.host_request,
        name="host_suggestion_request",
    ),
    path(
        "missions/<int:mission_id>/preselection/<int:pk>/",
        matching_views.shortlist_toggle,
        name="shortlist_toggle",
    ),
    path("suggestions/comment/", matching_views.how_suggestions_work, name="how_suggestions_work"),
    path("boussole/", frameworks_views.simulator, name="boussole"),
    path(
        "engagements/<int:engagement_id>/suivi/",
        followup_views.engagement_followup,
        name="engagement_followup",
    ),
    path("engagements/<int:engagement_id>/temps/", followup_views.time_log, name="time_log"),
    path("temps/<int:time_entry_id>/supprimer/", followup_views.time_remove, name="time_remove"),
    path("points-etape/<int:checkin_id>/reponse/", followup_views.checkin_answer, name="checkin_answer"),
    path("points-etape/<int:checkin_id>/traitee/", followup_views.checkin_handled, name="checkin_handled"),
    path("equipe/calendrier/", followup_views.team_calendar, name="team_calendar"),
    path("recits/", story_views.gallery, name="story_gallery"),
    path("recits/nouveau/", story_views.story_edit, name="story_new"),
    path("recits/<int:story_id>/", story_views.story_detail, name="story_detail"),
    path("recits/<int:story_id>/modifier/", story_views.story_edit, name="story_edit"),
    path("recits/<int:story_id>/publier/", story_views.story_submit, name="story_submit"),
    path("recits/<int:story_id>/relecture/", story_views.story_moderate, name="story_moderate"),
    path("recits/<int:story_id>/retirer/", story_views.story_withdraw, name="story_withdraw"),
    path("passeport/", passport_views.passport, name="passport"),
    path("passeport/attestation.pdf", passport_views.passport_pdf, name="passport_pdf"),
    # issue 20: the annual review — the agent's consent and own rows, HR's page and exports
    path("passeport/entretien-annuel/", annual_review_views.consent, name="annual_review_consent"),
    path(
        "passeport/entretien-annuel.csv",
        annual_review_views.my_export,
        {"fmt": "csv"},
        name="my_annual_review_csv",
    ),
    path(
        "passeport/entretien-annuel.json",
        annual_review_views.my_export,
        {"fmt": "json"},
        name="my_annual_review_json",
    ),
    path(
        "organisations/<slug:org_slug>/entretiens-annuels/",
        annual_review_views.organisation_page,
        name="annual_reviews",
    ),
    path(
        "organisations/<slug:org_slug>/exports/entretiens-annuels.csv",
        annual_review_views.organisation_export,
        {"fmt": "csv"},
        name="annual_review_export_csv",
    ),
    path(
        "organisations/<slug:org_slug>/exports/entretiens-annuels.json",
        annual_review_views.organisation_export,
        {"fmt": "json"},
        name="annual_review_export_json",
    ),
    # issue 20: the personal calendar feed — its page, and the secret address calendars read without a session
    path("compte/agenda/", calendar_views.my_calendar, name="my_calendar"),
    path("agenda/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path(
        "engagements/<int:engagement_id>/evaluation/",
        evaluation_views.engagement_evaluation,
        name="engagement_evaluation",
    ),
    path("engagements/<int:engagement_id>/retour/", evaluation_views.return_note, name="return_note"),
    path(
        "organisations/<slug:org_slug>/evaluation/",
        evaluation_views.organisation_questions,
        name="organisation_questions",
    ),
    path(
        "engagements/<int:engagement_id>/documents/",
        documents_views.engagement_documents,
        name="engagement_documents",
    ),
    path(
        "documents/<int:document_id>/fichier.<str:file_format>",
        documents_views.document_file,
        name="document_file",
    ),
    path("documents/<int:document_id>/accepter/", documents_views.document_accept, name="document_accept"),
    path("documents/<int:document_id>/dossier/", documents_views.document_bundle, name="document_bundle"),
    # the electronic parapheur (issue 20): the bundle to sign, the signed PDF brought back
    path(
        "documents/<int:document_id>/parapheur.zip",
        documents_views.document_parapheur,
        name="document_parapheur",
    ),
    path(
        "documents/<int:document_id>/pdf-signe/",
        documents_views.document_signed_upload,
        name="document_signed_upload",
    ),
    path(
        "documents/<int:document_id>/version-acceptee.pdf",
        documents_views.document_accepted,
        name="document_accepted",
    ),
    path("", include("passerelles.programmes.urls")),
    path("", include("passerelles.crisis.urls")),
    path("", include("passerelles.cohorts.urls")),  # issue 18: cohort programmes
    path("", include("passerelles.encounters.urls")),  # issue 19: mission forums and café-missions
    path("", include("passerelles.networks.urls")),
    path("", include("passerelles.reimbursements.urls")),  # issue 18: money between two employers
    path("", include("passerelles.pooling.urls")),  # issue 18: pooled agents
    path("", include("passerelles.facilitation.urls")),  # issue 19: the facilitators' pool
    path("", include("passerelles.renewals.urls")),
    path(
        "", include("passerelles.api.urls")
    ),  # issue 20: the REST API and its keys  # issue 18: deadlines, renewals, hand-over notes
    path("", include("passerelles.smallhelp.urls")),  # issue 19: coups de main, immersions, return programmes
    path("", include("passerelles.care.urls")),  # issue 22: the confidential path
    path("", include("passerelles.commons.urls")),  # issue 22: working time as a commons
    path(
        "organisations/<slug:org_slug>/modeles/",
        documents_views.organisation_templates,
        name="organisation_templates",
    ),
    path(
        "organisations/<slug:org_slug>/modeles/<str:kind>.docx",
        documents_views.default_template,
        name="default_template",
    ),
    path(
        "engagements/<int:engagement_id>/dispositif/",
        frameworks_views.engagement_framework,
        name="engagement_framework",
    ),
    path("missions/<int:mission_id>/soumettre/", mission_views.mission_submit, name="mission_submit"),
    path("missions/<int:mission_id>/relecture/", mission_views.mission_review, name="mission_review"),
    path("missions/<int:mission_id>/interet/", mission_views.mission_interest, name="mission_interest"),
    path(
        "missions/<int:mission_id>/interet-pour/",
        on_behalf_pages.mission_interest_for,
        name="mission_interest_for",
    ),
    path(
        "missions/<int:mission_id>/proposer/",
        host_propose_pages.mission_host_propose,
        name="mission_host_propose",
    ),
    path("missions/<int:mission_id>/appel/", callout_views.mission_call, name="mission_call"),
    path("appels/<int:call_id>/", callout_views.call_detail, name="call_detail"),
    path(
        "organisations/<slug:org_slug>/appels/", callout_views.organisation_calls, name="organisation_calls"
    ),
    path("missions/<int:mission_id>/cloturer/", mission_views.mission_close, name="mission_close"),
    path("missions/<int:mission_id>/rouvrir/", mission_views.mission_reopen, name="mission_reopen"),
    path("engagements/", engagement_views.my_engagements, name="my_engagements"),
    path("engagements/<int:engagement_id>/", engagement_views.engagement_detail, name="engagement_detail"),
    path(
        "engagements/<int:engagement_id>/action/",
        engagement_views.engagement_action,
        name="engagement_action",
    ),
    path(
        "engagements/<int:engagement_id>/rencontre/",
        engagement_views.engagement_meeting,
        name="engagement_meeting",
    ),
    path(
        "engagements/<int:engagement_id>/suite/",
        engagement_views.engagement_meeting_feedback,
        name="engagement_meeting_feedback",
    ),
    path(
        "engagements/<int:engagement_id>/accord/",
        engagement_views.engagement_agreement,
        name="engagement_agreement",
    ),
    path(
        "engagements/<int:engagement_id>/dates/", engagement_views.engagement_dates, name="engagement_dates"
    ),
    path(
        "engagements/<int:engagement_id>/assemblee/",
        engagement_views.engagement_assembly,
        name="engagement_assembly",
    ),
    path(
        "engagements/<int:engagement_id>/prolongation/",
        engagement_views.engagement_extension,
        name="engagement_extension",
    ),
    path("agents/<int:pk>/proposer/", engagement_views.propose_mission, name="propose_mission"),
    path(
        "mon-compte/notifications/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/desabonnement/<str:token>/",
        notification_views.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("organisations/<slug:org_slug>/courriels/", outbox_views.outbox_list, name="outbox_list"),
    path("courriels/<int:message_id>/reessayer/", outbox_views.outbox_retry, name="outbox_retry"),
    # outgoing webhooks of an organisation (issue 20)
    path("organisations/<slug:org_slug>/webhooks/", webhook_pages.webhook_list, name="webhook_list"),
    path("webhooks/<int:endpoint_id>/", webhook_pages.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:endpoint_id>/activer/", webhook_pages.webhook_toggle, name="webhook_toggle"),
    path("webhooks/<int:endpoint_id>/supprimer/", webhook_pages.webhook_delete, name="webhook_delete"),
    path("sms/entrant/<str:token>/", sms_webhooks.sms_inbound, name="sms_inbound"),
    path("sms/statut/<str:token>/", sms_webhooks.sms_status, name="sms_status"),
    path("reseaux/<slug:network_slug>/", organisation_views.network_detail, name="network_detail"),
    # Dashboards (issue 16): the page, one table as CSV or XLSX, the whole dashboard as a workbook
    path(
        "organisations/<slug:org_slug>/tableau-de-bord/",
        insights_views.organisation_dashboard,
        name="organisation_dashboard",
    ),
    path(
        "organisations/<slug:org_slug>/tableau-de-bord.xlsx",
        insights_views.organisation_dashboard_workbook,
        name="organisation_dashboard_workbook",
    ),
    path(
        "organisations/<slug:org_slug>/tableau-de-bord/<slug:indicator>.<export:export_format>",
        insights_views.organisation_dashboard_export,
        name="organisation_dashboard_export",
    ),
    path(
        "reseaux/<slug:network_slug>/tableau-de-bord/",
        insights_views.network_dashboard,
        name="network_dashboard",
    ),
    path(
        "reseaux/<slug:network_slug>/tableau-de-bord.xlsx",
        insights_views.network_dashboard_workbook,
        name="network_dashboard_workbook",
    ),
    path(
        "reseaux/<slug:network_slug>/tableau-de-bord/<slug:indicator>.<export:export_format>",
        insights_views.network_dashboard_export,
        name="network_dashboard_export",
    ),
    path(
        "organisations/<slug:org_slug>/reseaux/<slug:network_slug>/partage/",
        insights_views.network_sharing,
        name="network_sharing",
    ),
    path(
        "organisations/<slug:org_slug>/logo/", organisation_views.organisation_logo, name="organisation_logo"
    ),
    path("recits/photos/<int:photo_id>/", story_views.story_photo, name="story_photo"),
    path("organisations/<slug:org_slug>/acces/", invitation_views.access_list, name="access_list"),
    path("organisations/<slug:org_slug>/acces/inviter/", invitation_views.invite_many, name="invite_many"),
    path("agents/<int:pk>/inviter/", invitation_views.invite_one, name="invite_one"),
    path(
        "invitations/<int:invitation_id>/renvoyer/",
        invitation_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitations/<int:invitation_id>/retirer/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisations/<slug:org_slug>/roles/", invitation_views.roles_page, name="roles_page"),
    path(
        "organisations/<slug:org_slug>/associations/",
        association_views.partner_associations,
        name="partner_associations",
    ),
    path("roles/<int:membership_id>/retirer/", invitation_views.role_remove, name="role_remove"),
    path("invitation/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
    path("demo/login/<slug:role>/", demo_views.demo_login, name="demo_login"),
    path("compte/", account_views.my_account, name="my_account"),
    path("compte/telephone/", contact_views.account_phone, name="account_phone"),
    path("compte/telephone/code/", contact_views.account_phone_verify, name="account_phone_verify"),
    path("compte/adresse-personnelle/", contact_views.account_personal_email, name="account_personal_email"),
    path(
        "compte/adresse-personnelle/<str:token>/",
        contact_views.account_personal_email_confirm,
        name="account_personal_email_confirm",
    ),
    path("connexion/code/", code_views.access_code_start, name="access_code_start"),
    path("connexion/code/mot-de-passe/", code_views.access_code_password, name="access_code_password"),
    path("connexion/mot-de-passe-sms/", code_views.password_reset_sms, name="password_reset_sms"),
    path(
        "connexion/mot-de-passe-sms/code/", code_views.password_reset_sms_code, name="password_reset_sms_code"
    ),
    path("agents/<int:pk>/lettre-acces/", letter_views.agent_access_letter, name="agent_access_letter"),
    path(
        "organisations/<slug:org_slug>/lettres-acces/",
        letter_views.organisation_access_letters,
        name="organisation_access_letters",
    ),
    path("comptes/email/", account_views.email_settings, name="account_email"),
    # before allauth's own list of sessions at the same address: this one ends them one by one too
    path("comptes/sessions/", account_views.account_sessions, name="account_sessions"),
    path("comptes/", include("allauth.urls")),
    path("", include("passerelles.sitepages.urls")),
    path("i18n/langue/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
