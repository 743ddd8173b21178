"""Writes for disclosure applications: intake, the steps of a case, and the register of reviews
and lawsuits. Each is atomic and appends one event; callers import them from here."""

from .intake import APPLICANT_FIELDS as APPLICANT_FIELDS
from .intake import KEY_REUSED as KEY_REUSED
from .intake import Submitted as Submitted
from .intake import case_intake as case_intake
from .intake import case_submit as case_submit
from .remedies import remedy_decide as remedy_decide
from .remedies import remedy_record as remedy_record
from .steps import applications_in_month as applications_in_month
from .steps import case_archive as case_archive
from .steps import case_assign as case_assign
from .steps import case_deliver as case_deliver
from .steps import case_file_add as case_file_add
from .steps import case_note as case_note
from .steps import case_reply as case_reply
from .steps import case_units as case_units
from .steps import clarification_lapse as clarification_lapse
from .steps import clarification_receive as clarification_receive
from .steps import clarification_request as clarification_request
from .steps import clarification_submit as clarification_submit
from .steps import clock_for as clock_for
from .steps import extension_decline as extension_decline
from .steps import extension_grant as extension_grant
from .steps import extension_request as extension_request
from .steps import fee_lapse as fee_lapse
from .steps import fee_notify as fee_notify
from .steps import fee_pay as fee_pay
from .steps import history as history
from .steps import recompute_open_cases as recompute_open_cases
from .steps import third_party_consultation_end as third_party_consultation_end
from .steps import third_party_consultation_start as third_party_consultation_start
