"""Words and numbers of the continuity demo: plan steps per hazard, exercise findings, owners."""

from __future__ import annotations

OWNERS = ("Head of Global Supply Continuity", "VP Operations, Radio Networks", "VP Operations, IP Routing",
          "Director Hardware Sourcing", "Director Customer Operations", "Regional Supply Manager APAC",
          "Regional Supply Manager EMEA", "Regional Supply Manager Americas", "CISO Office, Third-Party Risk",
          "Head of Manufacturing Engineering")

STEPS = {
    "earthquake": [
        ("Account for staff at the affected sites and confirm their safety", "Site emergency lead", 2),
        ("Assess structural damage, clean-room status and tool calibration", "Site manufacturing lead", 24),
        ("Freeze allocation of affected parts; publish stock and WIP positions", "Regional supply manager", 24),
        ("Activate alternate sources and request expedited capacity", "Commodity manager", 48),
        ("Re-plan customer deliveries for affected products; inform account teams", "Customer operations lead", 72),
        ("Report recovery status daily to the continuity steering group", "BCM coordinator", 96),
    ],
    "flood": [
        ("Move finished goods and critical tooling above the flood line", "Site logistics lead", 12),
        ("Confirm which suppliers' plants and roads are under water", "Regional supply manager", 24),
        ("Switch inbound freight to the alternate port or airport", "Logistics manager", 48),
        ("Draw down buffer stock at regional hubs by product priority", "Supply planning lead", 48),
        ("Qualify temporary assembly capacity at an alternate site", "Manufacturing engineering", 168),
    ],
    "storm": [
        ("Secure sites and halt outdoor operations before landfall", "Site emergency lead", 0),
        ("Pre-position critical stock outside the forecast track", "Logistics manager", 24),
        ("Check supplier status after landfall and log damage", "Regional supply manager", 48),
        ("Restart production by priority once power is stable", "Site manufacturing lead", 72),
    ],
    "conflict": [
        ("Evacuate or shelter staff according to the travel-security advisory", "Corporate security", 4),
        ("Stop new orders on suppliers in the affected region; check sanctions lists", "Trade compliance", 24),
        ("Transfer production to alternate countries under the dual-sourcing agreements", "Commodity manager", 168),
        ("Review export licences and customer contracts for force majeure", "Legal counsel", 72),
        ("Brief customers in the region on delivery and support continuity", "Customer operations lead", 96),
    ],
    "epidemic": [
        ("Apply the pandemic staffing plan: split shifts and remote work", "HR business partner", 24),
        ("Check suppliers' operating status under local lockdown rules", "Regional supply manager", 48),
        ("Raise safety stock of single-sourced parts to 60 days", "Supply planning lead", 168),
        ("Secure essential-worker permits for network field engineers", "Customer operations lead", 72),
    ],
    "cyber": [
        ("Isolate network links and EDI connections to the supplier", "CISO Office", 1),
        ("Confirm the supplier's incident status, scope and recovery estimate", "Third-party risk manager", 12),
        ("Check our firmware and SBOM exposure to the supplier's compromised systems", "Product security team", 24),
        ("Switch orders to the alternate source; hold deliveries of unverified lots", "Commodity manager", 48),
        ("Notify affected customers and regulators where required", "Customer operations lead", 72),
    ],
    "power": [
        ("Start back-up generation and confirm fuel for 72 hours", "Site facilities lead", 1),
        ("Shed non-critical load; protect test and burn-in lines", "Site manufacturing lead", 4),
        ("Move urgent test work to the sister site", "Manufacturing engineering", 48),
    ],
    "supplier_failure": [
        ("Confirm the supplier's financial or operational failure with the account team", "Commodity manager", 24),
        ("Secure last-time buys, tooling and work in progress", "Sourcing director", 72),
        ("Qualify the second source and transfer volumes", "Component engineering", 336),
        ("Re-issue product roadmaps where qualification delays launches", "Product management", 168),
    ],
}

ACTIVATION = {
    "earthquake": "Magnitude 6.0+ within 150 km of a covered site, or any site reporting structural damage",
    "flood": "Official flood warning level 3 or above for a covered site's district, or water on site",
    "storm": "Tropical cyclone category 2+ forecast within 200 km of a covered site in the next 72 hours",
    "conflict": "Armed conflict, blockade or sanctions affecting shipments from or to the covered area",
    "epidemic": "Government movement restrictions closing workplaces for 7+ days in the covered area",
    "cyber": "The supplier reports ransomware or a compromise affecting order, production or build systems",
    "power": "Grid outage or rationing expected to last more than 8 hours at the covered site",
    "supplier_failure": "Insolvency filing, plant closure or a delivery stop of 10+ working days",
}

COMMUNICATION = ("Site emergency lead → Regional supply manager → Head of Global Supply Continuity\n"
                 "Head of Global Supply Continuity → COO, Customer Operations, Communications\n"
                 "Customer Operations → account teams → affected customers")

FINDINGS = [
    ("Call tree listed two people who left the company", "minor", "Update the call tree from the HR directory monthly"),
    ("Alternate source not qualified for the latest board revision", "major", "Complete qualification of the second source"),
    ("Buffer stock figures in the plan were nine months old", "minor", "Link the plan to live inventory reports"),
    ("No one knew who may approve air freight above budget", "minor", "Add an approval step with a named deputy"),
    ("Recovery took longer than the RTO for the top product", "major", "Pre-position spares at the regional hub"),
    ("Supplier contact details missing for sub-tier plants", "observation", "Collect tier-2 site contacts in the portal"),
    ("Customer notification template not approved by legal", "minor", "Get the template approved and stored with the plan"),
    ("The team could not see which customer networks were affected", "major", "Use the scenario builder's network list in the plan"),
]

OBJECTIVES = ("Walk through activation and the first 72 hours; confirm owners know their steps; check the "
              "recovery time against the product RTOs")
PARTICIPANTS = "BCM coordinator\nRegional supply manager\nCommodity managers\nCustomer operations\nSite management"
