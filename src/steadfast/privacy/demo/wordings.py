"""Agreement texts in two house styles, clause by clause, so a clause can be left out on purpose.

`VENDOR` is the vendor's own DPA template (UK/EU drafting, "Processor"/"Company"); `SUPPLIER_PAPER`
is the kind of DPA a US software supplier sends ("Service Provider"/"Customer"). Neither copies the
article's words. Used by the demo and by the checklist tests.
"""

from __future__ import annotations

from steadfast.privacy.checklist.rules import CLAUSE_KEYS

VENDOR_PREAMBLE = """DATA PROCESSING AGREEMENT

between {controller} ("Company") and {supplier} ("Processor"), reference {ref}.

1. Scope and definitions

1.1 This Agreement governs the Processing of Company Personal Data by the Processor in connection with the {service} services described in Schedule 1. Schedule 1 sets out the subject-matter and duration of the processing, its nature and purpose, the types of personal data and the categories of data subjects.

1.2 Terms such as "Controller", "Processor", "Personal Data" and "Personal Data Breach" have the meanings given in Regulation (EU) 2016/679 (the "GDPR").

2. Processor obligations"""

VENDOR_CLAUSES = {
    "28(3)(a)": "2.1 The Processor will handle Company Personal Data solely in accordance with the written instructions of the Company set out in this Agreement or otherwise notified in writing, including as regards transfers to a third country, except where Union or Member State law requires otherwise, in which case the Processor will tell the Company of that requirement beforehand unless that law forbids it.",
    "28(3)-final": "2.2 Should the Processor consider that an instruction from the Company infringes the GDPR or other data protection law, it shall inform the Company without delay and may suspend the instruction until it is confirmed or changed.",
    "28(3)(b)": "2.3 The Processor shall ensure that every employee, agent or contractor who is authorised to access Company Personal Data is bound by a written duty of confidentiality or an appropriate statutory obligation of secrecy.",
    "28(3)(c)": "2.4 Taking into account the state of the art, the Processor shall implement and maintain the technical and organisational security measures described in Schedule 2 to ensure a level of security appropriate to the risk, and shall keep them under regular review.",
    "28(2)": "3.1 The Processor shall not appoint any sub-processor without the Company's prior written authorisation. The Company hereby gives general authorisation for the sub-processors listed in Schedule 3.",
    "28(3)(d)": "3.2 The Processor shall give the Company at least {window} days' written notice of any intended addition or replacement of a sub-processor, during which the Company may object on reasonable grounds; the Processor shall not use the new sub-processor while an objection is unresolved.",
    "28(4)": "3.3 The Processor shall bind each sub-processor by a written contract containing data protection obligations no less protective than those in this Agreement, and shall remain fully liable to the Company for the performance of each sub-processor.",
    "28(3)(e)": "4.1 The Processor shall help the Company, by appropriate technical and organisational measures, to respond to requests from data subjects exercising their rights of access, rectification, erasure, restriction, portability and objection.",
    "28(3)(f)": "4.2 The Processor shall notify the Company of any Personal Data Breach without undue delay and in any event within {hours} hours of becoming aware of it, and shall support the Company with security, breach notifications, data protection impact assessments and prior consultation with a supervisory authority.",
    "28(3)(g)": "5.1 On termination or expiry of the services, the Processor shall, at the Company's option, return all Company Personal Data or securely delete it, and delete all remaining copies unless storage is required by Union or Member State law; it shall certify the deletion in writing.",
    "28(3)(h)": "5.2 The Processor shall make available all information needed to demonstrate compliance with this Agreement and shall allow for and contribute to audits and inspections by the Company or an auditor it mandates, on thirty days' notice and no more than once a year save after a Personal Data Breach.",
}

VENDOR_CLOSING = """6. Commercial terms

6.1 Each party shall keep the terms of this Agreement confidential and shall not disclose them except to its professional advisers.

6.2 This Agreement is governed by the laws of Ireland. It takes effect on the effective date and continues for as long as the Processor processes Company Personal Data under the Principal Agreement.

Signed for and on behalf of the Company and the Processor."""

SUPPLIER_PREAMBLE = """{supplier} DATA PROCESSING ADDENDUM

This Data Processing Addendum ("DPA") forms part of the Master Subscription Agreement between {supplier} ("Service Provider") and {controller} ("Customer") for the {service} offering (reference {ref}).

Section 1. Roles. Customer is the controller and Service Provider is the processor of Customer Data that is personal data. The categories of data, data subjects, nature and purpose of processing are described in Exhibit A.

Section 2. Service Provider commitments."""

SUPPLIER_CLAUSES = {
    "28(3)(a)": "2.1 Customer Instructions. Service Provider will process Customer personal data only as instructed by Customer in writing, the Agreement and this DPA being Customer's complete documented instructions, unless applicable law requires other processing.",
    "28(3)-final": "2.2 Unlawful instructions. Service Provider will promptly notify Customer if it believes that an instruction of Customer violates applicable data protection law.",
    "28(3)(b)": "2.3 Personnel. Service Provider requires all personnel who have access to Customer Data to undertake written obligations of confidentiality that survive the end of their engagement.",
    "28(3)(c)": "2.4 Security. Service Provider has in place and will maintain appropriate technical and organizational measures to protect Customer Data against unauthorized access, loss and alteration, as set out in its Security Exhibit, in line with Article 32 GDPR.",
    "28(2)": "3.1 Subprocessors. Customer grants general authorization for Service Provider to use the subprocessors listed at its trust center; Service Provider shall not engage any other subprocessor without such authorization.",
    "28(3)(d)": "3.2 New Subprocessors. Service Provider will notify Customer by e-mail at least {window} days before a new subprocessor processes Customer Data. Customer may object in writing within that period, and if the parties cannot resolve the objection Customer may terminate the affected service.",
    "28(4)": "3.3 Subprocessor obligations. Service Provider will enter into a written agreement with each subprocessor imposing data protection terms substantially similar to this DPA, and is liable for its subprocessors' acts and omissions as for its own; subprocessors receive equivalent data protection obligations.",
    "28(3)(e)": "4.1 Data subject requests. Taking into account the nature of the processing, Service Provider will provide reasonable assistance to Customer in responding to requests from data subjects to exercise their rights under the GDPR.",
    "28(3)(f)": "4.2 Security incidents. Service Provider will inform Customer of a security incident affecting Customer Data promptly, and no later than {hours} hours after confirming it. Service Provider will also reasonably cooperate with Customer on data protection impact assessments and consultations with a supervisory authority.",
    "28(3)(g)": "5.1 Deletion. Within 30 days after the end of the services, Service Provider will delete or, if Customer asks, return Customer Data, except copies it must keep by law.",
    "28(3)(h)": "5.2 Audits. Service Provider will provide Customer with its current SOC 2 Type II report and will permit Customer or an independent auditor to audit its compliance with this DPA once a year on reasonable notice.",
}

SUPPLIER_CLOSING = """Section 6. General. This DPA is governed by the law of the Agreement. Each party's liability is subject to the limitations in the Agreement. Confidential Information of either party remains protected under the confidentiality terms of the Agreement.

Accepted by the authorised signatories of Service Provider and Customer."""

STYLES = {
    "vendor": (VENDOR_PREAMBLE, VENDOR_CLAUSES, VENDOR_CLOSING),
    "supplier_paper": (SUPPLIER_PREAMBLE, SUPPLIER_CLAUSES, SUPPLIER_CLOSING),
}
# Clauses in the order the texts present them (not the article's order).
TEXT_ORDER = ("28(3)(a)", "28(3)-final", "28(3)(b)", "28(3)(c)", "28(2)", "28(3)(d)", "28(4)", "28(3)(e)", "28(3)(f)",
              "28(3)(g)", "28(3)(h)")
assert sorted(TEXT_ORDER) == sorted(CLAUSE_KEYS)


def agreement_text(*, style: str = "vendor", omit: frozenset[str] | set[str] = frozenset(), controller: str,
                   supplier: str, service: str, ref: str, window: int = 30, hours: int = 48) -> str:
    """The agreement in `style`, with the clauses in `omit` left out; paragraphs separated by blank lines."""
    preamble, clauses, closing = STYLES[style]
    values = {"controller": controller, "supplier": supplier, "service": service, "ref": ref, "window": window,
              "hours": hours}
    blocks = [preamble.format(**values)]
    blocks += [clauses[key].format(**values) for key in TEXT_ORDER if key not in omit]
    blocks.append(closing.format(**values))
    return "\n\n".join(blocks) + "\n"
