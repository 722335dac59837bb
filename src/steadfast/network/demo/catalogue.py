"""What an ICT equipment vendor makes and buys: product families and the vocabulary of its BOM.

Each BOM level draws its names from here: raw materials (with their units and prices), parts,
electronic and optical components, sub-assemblies, family-specific assemblies, products, and
the software and services that go into products.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from steadfast.network.models import CustomerNetworkKind as NK
from steadfast.network.models import SupplierCategory as SC

ALL_KINDS = tuple(k.value for k in NK)


@dataclass(frozen=True)
class ProductFamily:
    code: str
    series: str
    prefix: str
    variants: tuple[str, ...]
    network_kinds: tuple[str, ...]
    demand_per_day: tuple[float, float]
    installed_per_network: tuple[int, int]
    list_price: float  # EUR, drives margin and deployment revenue
    assemblies: tuple[str, ...]


FAMILIES: tuple[ProductFamily, ...] = (
    ProductFamily("radio", "Aurora", "RU", ("2T2R B20/B28", "4T4R B1/B3", "4T4R B3/B7", "8T8R n78", "32T32R massive MIMO n78",
                  "64T64R massive MIMO n77", "4T4R B66/B2", "4T4R n41"), (NK.MOBILE,), (40, 400), (200, 20000), 6500,
                  ("Radio transceiver assembly", "Power amplifier assembly", "Filter and duplexer assembly",
                   "Radio chassis with heatsink", "Radio digital board assembly")),
    ProductFamily("baseband", "Nimbus", "BB", ("5G baseband, 12 cells", "4G/5G baseband, 24 cells", "Cloud RAN accelerator card"),
                  (NK.MOBILE,), (10, 120), (50, 5000), 14000,
                  ("Baseband processing board", "Baseband chassis", "Transport interface board",
                   "Timing and synchronisation module", "Baseband fan and cooling unit")),
    ProductFamily("antenna", "Halo", "AN", ("passive 18-port 2.6 m", "multiband 12-port 1.5 m", "active-passive 5G n78"),
                  (NK.MOBILE,), (30, 300), (200, 20000), 1800,
                  ("Antenna radiator array", "Phase shifter assembly", "Radome and frame assembly", "Antenna feed network")),
    ProductFamily("small_cell", "Pico", "SC", ("indoor 5G n78", "outdoor 4G/5G", "enterprise Wi-Fi/5G combo"),
                  (NK.MOBILE, NK.ENTERPRISE), (20, 200), (50, 5000), 2200,
                  ("Small-cell main board", "Small-cell RF front-end", "Small-cell enclosure")),
    ProductFamily("microwave", "Span", "MW", ("E-band 10 Gbit/s link", "6-42 GHz split-mount", "multiband 25 Gbit/s"),
                  (NK.TRANSPORT, NK.MOBILE), (10, 150), (50, 5000), 7500,
                  ("Microwave outdoor unit", "Microwave indoor modem unit", "Microwave antenna dish assembly")),
    ProductFamily("optical", "Lumen", "DW", ("DWDM 400G transponder", "ROADM 9-degree node", "800G coherent shelf",
                  "metro OTN switch"), (NK.TRANSPORT, NK.CORE), (3, 40), (5, 800), 85000,
                  ("Coherent transponder line card", "Wavelength-selective switch module", "Optical amplifier card",
                   "Optical shelf chassis")),
    ProductFamily("router", "Strata", "R", ("core router 16-slot", "edge router 4-slot", "cell-site router 10G",
                  "aggregation router 100G"), (NK.CORE, NK.TRANSPORT, NK.FIXED), (10, 150), (10, 3000), 38000,
                  ("Router line card", "Route processor card", "Switch fabric card", "Router chassis with backplane",
                   "Router power entry module")),
    ProductFamily("switch", "Mesa", "SW", ("data-centre spine 64x400G", "leaf 48x25G", "campus access 48-port PoE"),
                  (NK.ENTERPRISE, NK.CORE), (20, 250), (10, 5000), 9000,
                  ("Switch main board", "Switch chassis", "Switch power supply unit", "Switch fan tray")),
    ProductFamily("olt", "Fibra", "OLT", ("16-slot XGS-PON", "compact 4-port GPON", "50G-PON ready chassis"),
                  (NK.FIXED,), (5, 60), (10, 2000), 24000,
                  ("OLT PON line card", "OLT uplink card", "OLT control card", "OLT chassis")),
    ProductFamily("ont", "Fibra", "ONT", ("XGS-PON home gateway Wi-Fi 7", "GPON single-port bridge", "business ONT 4xGE"),
                  (NK.FIXED,), (500, 4000), (5000, 400000), 90,
                  ("ONT main board", "ONT enclosure", "ONT power adapter")),
    ProductFamily("packet_core", "Helix", "PC", ("5G standalone core appliance", "user-plane function node",
                  "IMS voice core node"), (NK.CORE, NK.MOBILE), (2, 20), (2, 60), 120000,
                  ("Core server node", "Core accelerator card", "Core chassis")),
    ProductFamily("edge_server", "Vertex", "ES", ("edge compute server 2U", "telco cloud server 1U", "AI inference edge node"),
                  (NK.CORE, NK.ENTERPRISE), (15, 200), (10, 1500), 16000,
                  ("Server motherboard assembly", "Server chassis", "GPU accelerator module", "Server power supply")),
    ProductFamily("power", "Volta", "PW", ("site power system 48 V 12 kW", "lithium battery cabinet 200 Ah",
                  "outdoor power cabinet"), ALL_KINDS, (15, 200), (50, 10000), 5200,
                  ("Rectifier module", "Battery module", "Power distribution unit", "Outdoor cabinet")),
    ProductFamily("wifi", "Breeze", "AP", ("Wi-Fi 7 indoor access point", "Wi-Fi 6E outdoor access point",
                  "Wi-Fi 7 high-density access point"), (NK.ENTERPRISE,), (100, 1500), (100, 20000), 650,
                  ("Access-point main board", "Access-point antenna array", "Access-point housing")),
    ProductFamily("firewall", "Bastion", "FW", ("next-generation firewall 100G", "branch security gateway",
                  "carrier-grade NAT appliance"), (NK.ENTERPRISE, NK.CORE), (5, 80), (2, 300), 21000,
                  ("Security processing board", "Firewall chassis", "Crypto accelerator module")),
)

SUB_ASSEMBLIES = (
    "RF front-end module", "Power amplifier module", "Low-noise amplifier module", "Cavity filter", "Duplexer",
    "Digital front-end board", "Control board", "Power supply module", "DC/DC converter module", "Fan module",
    "Heatsink assembly", "Backplane", "Cable harness", "Optical sub-assembly", "Clock module", "Memory module",
    "Processor module", "Ethernet switch board", "Retimer board", "Front panel assembly", "Sheet-metal enclosure",
    "Die-cast housing assembly", "Antenna element board", "Calibration board", "Battery cell pack", "LED and display board",
    "Connector panel", "Sealing kit", "Mounting kit", "Thermal module",
)

# (name pattern, parameter lists, base unit cost EUR, BOM quantity range per sub-assembly)
COMPONENTS: tuple[tuple[str, tuple[tuple[str, ...], ...], float, tuple[int, int]], ...] = (
    ("MLCC capacitor {} {} X7R {}", (("10 pF", "100 pF", "1 nF", "10 nF", "100 nF", "1 uF", "10 uF", "22 uF"),
                                     ("16 V", "25 V", "50 V", "100 V"), ("0201", "0402", "0603", "0805")), 0.01, (4, 40)),
    ("Thick-film resistor {} {} {}", (("10 R", "47 R", "100 R", "1 k", "4.7 k", "10 k", "47 k", "100 k"),
                                      ("1%", "5%"), ("0201", "0402", "0603")), 0.01, (4, 30)),
    ("Power inductor {} {}", (("0.47 uH", "1 uH", "2.2 uH", "4.7 uH", "10 uH", "22 uH"), ("4x4 mm", "6x6 mm", "10x10 mm")), 0.25, (1, 8)),
    ("Ferrite bead {} {}", (("120 R", "600 R", "1 k"), ("0402", "0603")), 0.03, (2, 12)),
    ("Tantalum capacitor {} {}", (("10 uF", "47 uF", "100 uF", "220 uF"), ("16 V", "35 V")), 0.6, (1, 6)),
    ("FPGA {} {}", (("200k LE", "500k LE", "1.2M LE", "2.8M LE"), ("FBGA-1156", "FBGA-1760", "FCBGA-2397")), 650, (1, 2)),
    ("Baseband ASIC {} {}", (("5 nm", "7 nm", "12 nm"), ("rev A", "rev B", "rev C")), 180, (1, 2)),
    ("Switch ASIC {} {}", (("3.2 Tbit/s", "12.8 Tbit/s", "25.6 Tbit/s", "51.2 Tbit/s"), ("rev A", "rev B")), 900, (1, 1)),
    ("Network processor {} {}", (("100G", "400G", "1.6T"), ("rev A", "rev B")), 420, (1, 2)),
    ("DDR5 DRAM {} {}", (("8 Gbit", "16 Gbit", "24 Gbit"), ("4800 MT/s", "5600 MT/s", "6400 MT/s")), 4.5, (2, 16)),
    ("NAND flash {} {}", (("256 Gbit", "512 Gbit", "1 Tbit"), ("TLC", "QLC", "pSLC")), 6, (1, 4)),
    ("NOR flash {} {}", (("256 Mbit", "512 Mbit", "1 Gbit"), ("SPI", "QSPI", "OSPI")), 1.8, (1, 2)),
    ("Server CPU {} {}", (("16-core", "32-core", "64-core", "96-core"), ("x86", "Arm")), 1400, (1, 2)),
    ("Microcontroller {} {}", (("Cortex-M4", "Cortex-M7", "RISC-V"), ("512 kB", "1 MB", "2 MB")), 3.5, (1, 2)),
    ("Power management IC {} {}", (("4-rail", "6-rail", "8-rail"), ("QFN-48", "QFN-64")), 2.8, (1, 3)),
    ("DC/DC brick converter {} {}", (("1/4-brick 48 V to 12 V 600 W", "1/8-brick 48 V to 12 V 300 W",
                                      "1/16-brick 48 V to 5 V 100 W"), ("digital", "analogue")), 55, (1, 2)),
    ("LDO regulator {} {}", (("1.0 V", "1.8 V", "3.3 V"), ("500 mA", "1 A", "3 A")), 0.4, (1, 6)),
    ("Power MOSFET {} {}", (("30 V", "60 V", "100 V", "650 V"), ("5 mOhm", "15 mOhm", "40 mOhm")), 0.9, (1, 8)),
    ("GaN HEMT RF transistor {} {}", (("2.6 GHz", "3.5 GHz", "4.9 GHz"), ("40 W", "80 W", "160 W")), 38, (1, 4)),
    ("LDMOS RF transistor {} {}", (("700-960 MHz", "1.8-2.2 GHz"), ("100 W", "300 W")), 26, (1, 4)),
    ("RF transceiver IC {} {}", (("2T2R", "4T4R", "8T8R"), ("sub-6 GHz", "mmWave")), 95, (1, 2)),
    ("RF data converter {} {}", (("ADC 14-bit 3 GS/s", "DAC 16-bit 12 GS/s", "ADC 12-bit 6 GS/s"), ("rev A", "rev B")), 140, (1, 4)),
    ("Jitter-cleaner clock IC {} {}", (("4-output", "8-output", "12-output"), ("PTP-ready", "standard")), 14, (1, 2)),
    ("Oscillator {} {}", (("TCXO 19.2 MHz", "OCXO 10 MHz", "XO 156.25 MHz", "XO 25 MHz"), ("3.3 V", "1.8 V")), 3.2, (1, 3)),
    ("Optical transceiver {} {}", (("SFP28 25G LR", "QSFP28 100G LR4", "QSFP-DD 400G ZR", "OSFP 800G DR8", "SFP+ 10G SR"),
                                   ("commercial temp", "industrial temp")), 160, (1, 8)),
    ("Laser diode {} {}", (("1310 nm DFB", "1550 nm tunable", "850 nm VCSEL"), ("TO-can", "chip-on-carrier")), 22, (1, 4)),
    ("Photodiode {} {}", (("PIN 10G", "APD 25G", "PIN 100G"), ("TO-can", "chip")), 6, (1, 4)),
    ("Connector {} {}", (("RJ45 jack", "RF 4.3-10", "backplane high-speed", "SMA edge-mount", "M12 8-pin", "board-to-board"),
                         ("gold-plated", "tin-plated")), 1.6, (1, 10)),
    ("Axial fan {} {}", (("40 mm", "60 mm", "80 mm", "120 mm"), ("12 V", "48 V")), 7, (1, 6)),
    ("Circulator {} {}", (("1.8 GHz", "2.6 GHz", "3.5 GHz"), ("drop-in", "SMT")), 4.5, (1, 4)),
    ("SAW/BAW filter {} {}", (("B1", "B3", "B7", "n78", "n41"), ("SAW", "BAW")), 0.8, (1, 6)),
    ("Temperature sensor {} {}", (("I2C", "SPI"), ("+-0.5 C", "+-1 C")), 0.7, (1, 3)),
    ("Trusted platform module {} {}", (("TPM 2.0", "secure element"), ("SPI", "I2C")), 2.5, (1, 1)),
    ("Heat pipe {} {}", (("6 mm", "8 mm"), ("150 mm", "250 mm")), 3, (1, 4)),
    ("Thermal interface pad {} {}", (("3 W/mK", "6 W/mK", "12 W/mK"), ("0.5 mm", "1 mm", "2 mm")), 0.4, (1, 6)),
    ("EMI shield can {} {}", (("20x20 mm", "30x30 mm", "50x40 mm"), ("nickel-silver", "tin-plated steel")), 0.3, (1, 6)),
    ("Ethernet PHY {} {}", (("1G", "10G", "25G"), ("1-port", "4-port")), 4, (1, 4)),
    ("Retimer IC {} {}", (("PCIe 5.0", "112G PAM4", "56G PAM4"), ("8-lane", "16-lane")), 18, (1, 4)),
    ("Lithium-ion cell {} {}", (("18650 3.5 Ah", "prismatic 100 Ah", "prismatic 200 Ah"), ("LFP", "NMC")), 12, (1, 16)),
)

PARTS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("Bare PCB {}", ("8-layer FR-4", "12-layer HDI", "16-layer low-loss", "4-layer FR-4", "20-layer backplane"), 18),
    ("Machined aluminium heatsink {}", ("120x80 mm", "240x180 mm", "400x300 mm"), 14),
    ("Die-cast aluminium housing {}", ("small", "medium", "large"), 22),
    ("Sheet-metal bracket {}", ("L-type", "U-type", "mounting plate"), 1.2),
    ("Stainless steel screw {}", ("M3x8", "M4x10", "M5x12", "M6x16"), 0.02),
    ("Copper busbar {}", ("100 A", "250 A", "400 A"), 4),
    ("EPDM gasket {}", ("IP65 small", "IP65 large", "IP67 cable gland"), 0.6),
    ("Optical fibre pigtail {}", ("SMF 1 m LC", "SMF 2 m SC", "MMF 1 m LC"), 1.5),
    ("Ceramic substrate {}", ("alumina 0.6 mm", "AlN 0.635 mm"), 2.4),
    ("Moulded plastic bezel {}", ("PC/ABS black", "PC white", "PBT grey"), 0.9),
    ("Cable assembly {}", ("24 AWG 0.5 m", "coax RG-316 0.3 m", "power 10 AWG 1 m", "ribbon 40-way"), 2.2),
    ("Label set {}", ("rating plate", "compliance labels", "serial barcode"), 0.05),
    ("Packaging insert {}", ("PE foam", "moulded pulp"), 0.7),
    ("Shipping carton {}", ("single-wall", "double-wall", "export grade"), 1.1),
    ("Radome shell {}", ("fibreglass 1.5 m", "fibreglass 2.6 m", "ASA 0.6 m"), 18),
    ("Antenna dipole element {}", ("die-cast", "PCB-printed"), 1.4),
    ("Waveguide section {}", ("E-band", "23 GHz", "38 GHz"), 9),
    ("Battery enclosure {}", ("steel 19-inch", "aluminium outdoor"), 30),
)

RAW_MATERIALS: tuple[tuple[str, str, float, tuple[float, float]], ...] = (
    # (material, unit, price per unit EUR, quantity range per consuming part)
    ("Copper cathode", "kg", 9, (0.005, 0.4)), ("Aluminium alloy 6063 billet", "kg", 2.8, (0.05, 1.5)),
    ("Aluminium alloy A380 ingot", "kg", 2.6, (0.1, 2.5)), ("Cold-rolled steel coil", "kg", 0.9, (0.05, 2)),
    ("Stainless steel 304 strip", "kg", 3.2, (0.002, 0.3)), ("Tin ingot", "kg", 30, (0.0005, 0.02)),
    ("Silver", "g", 0.9, (0.01, 0.5)), ("Gold", "g", 70, (0.0005, 0.02)), ("Palladium", "g", 35, (0.0005, 0.01)),
    ("Tantalum powder", "kg", 350, (0.0001, 0.002)), ("Nickel", "kg", 17, (0.0005, 0.05)),
    ("Zinc", "kg", 2.7, (0.001, 0.05)), ("Cobalt", "kg", 30, (0.0005, 0.05)),
    ("Lithium carbonate", "kg", 12, (0.01, 0.6)), ("Neodymium-iron-boron alloy", "kg", 60, (0.0005, 0.01)),
    ("Polycarbonate resin", "kg", 2.6, (0.02, 0.6)), ("PBT resin", "kg", 2.4, (0.02, 0.4)),
    ("ABS resin", "kg", 1.8, (0.02, 0.5)), ("PPS resin", "kg", 6.5, (0.01, 0.2)),
    ("Liquid-crystal polymer", "kg", 14, (0.001, 0.05)), ("Epoxy resin", "kg", 4.5, (0.005, 0.2)),
    ("FR-4 glass-fibre cloth", "m2", 3.5, (0.02, 0.3)), ("Copper foil 18 um", "m2", 11, (0.02, 0.4)),
    ("Polyimide film", "m2", 25, (0.005, 0.05)), ("Silicon wafer 300 mm", "each", 120, (0.002, 0.02)),
    ("Silicon wafer 200 mm", "each", 55, (0.003, 0.03)), ("Gallium arsenide wafer 150 mm", "each", 400, (0.002, 0.02)),
    ("Indium phosphide wafer 100 mm", "each", 900, (0.001, 0.01)), ("Silicon carbide wafer 150 mm", "each", 650, (0.002, 0.02)),
    ("Gallium nitride on SiC epi-wafer", "each", 1800, (0.001, 0.01)), ("Germanium tetrachloride", "kg", 900, (0.00001, 0.0005)),
    ("Helium", "m3", 12, (0.001, 0.02)), ("High-purity nitrogen", "m3", 0.3, (0.01, 0.3)), ("Neon gas", "m3", 80, (0.0001, 0.002)),
    ("Electronic-grade hydrofluoric acid", "l", 6, (0.001, 0.02)), ("Photoresist", "l", 700, (0.00005, 0.001)),
    ("Silicone rubber compound", "kg", 5, (0.005, 0.2)), ("Ferrite powder", "kg", 4, (0.005, 0.1)),
    ("Barium titanate powder", "kg", 25, (0.0001, 0.002)), ("Alumina ceramic powder", "kg", 3, (0.005, 0.1)),
    ("Glass-fibre preform", "kg", 180, (0.0005, 0.01)), ("Corrugated board", "m2", 0.5, (0.2, 2)),
    ("Polyethylene foam", "kg", 3, (0.01, 0.3)), ("Solder alloy SAC305", "kg", 45, (0.001, 0.03)),
    ("Soldering flux", "l", 18, (0.0005, 0.01)), ("Thermal grease compound", "kg", 60, (0.0005, 0.01)),
    ("Magnesium alloy AZ91D", "kg", 4, (0.05, 1)), ("Brass rod", "kg", 6.5, (0.002, 0.1)),
    ("Phosphor bronze strip", "kg", 11, (0.001, 0.05)), ("Beryllium copper strip", "kg", 40, (0.0005, 0.02)),
    ("Rare-earth oxides", "kg", 45, (0.0001, 0.005)),
)

SOFTWARE = (
    "Radio unit firmware", "Baseband software", "Router network operating system", "Switch network operating system",
    "BMC firmware", "UEFI firmware", "Optical module firmware", "PON firmware", "Embedded Linux distribution",
    "Real-time OS licence", "Cryptographic library licence", "Open-source component bundle", "Database engine licence",
    "Hypervisor licence", "Container platform subscription", "Network analytics engine", "Element management agent",
    "Code-signing toolchain", "Codec library licence", "PTP timing protocol stack", "TCP/IP stack licence",
    "Wi-Fi driver package", "GPU driver and runtime", "AI inference runtime",
)

SERVICES: tuple[tuple[str, str, str, tuple[float, float], float], ...] = (
    # (name, provider category, unit, quantity per product unit, price per unit EUR)
    ("Ocean freight Asia-Europe", SC.LOGISTICS, "shipment", (0.002, 0.02), 2600),
    ("Ocean freight Asia-Americas", SC.LOGISTICS, "shipment", (0.002, 0.02), 3100),
    ("Air freight express", SC.LOGISTICS, "shipment", (0.001, 0.01), 5200),
    ("Road freight", SC.LOGISTICS, "shipment", (0.005, 0.03), 900),
    ("Customs brokerage", SC.LOGISTICS, "declaration", (0.002, 0.02), 120),
    ("Warehousing and fulfilment", SC.LOGISTICS, "pallet-month", (0.01, 0.2), 35),
    ("Cloud hosting", SC.CLOUD, "instance-month", (0.01, 0.2), 180),
    ("Build and CI pipeline service", SC.CLOUD, "build-hour", (0.01, 0.1), 4),
    ("Software update distribution", SC.CLOUD, "TB", (0.0001, 0.002), 40),
    ("Licence server hosting", SC.CLOUD, "instance-month", (0.001, 0.01), 220),
    ("Field installation", SC.PROFESSIONAL, "hour", (0.5, 4), 85),
    ("Test and certification (EMC and safety)", SC.PROFESSIONAL, "test", (0.0005, 0.005), 9000),
    ("Calibration", SC.PROFESSIONAL, "job", (0.01, 0.1), 140),
    ("Security code review", SC.PROFESSIONAL, "hour", (0.001, 0.01), 160),
    ("Technical documentation and translation", SC.PROFESSIONAL, "hour", (0.001, 0.01), 75),
    ("Repair and returns handling", SC.PROFESSIONAL, "job", (0.005, 0.05), 260),
    ("Radio equipment conformity assessment", SC.PROFESSIONAL, "test", (0.0002, 0.002), 14000),
)
SERVICE_REGIONS = ("EMEA", "APAC", "Americas", "global")


class NameBook:
    """Hands out names, adding a revision letter when one would repeat (refs stay the identity)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def unique(self, name: str) -> str:
        count = self._seen.get(name, 0)
        self._seen[name] = count + 1
        return name if count == 0 else f"{name} rev {_revision(count)}"


def _revision(count: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return letters[count % len(letters)] + (str(count // len(letters)) if count >= len(letters) else "")


def part_code(rng: random.Random, prefix: str) -> str:
    return f"{prefix}-{rng.randrange(1000, 9999)}"


_FAB = ("Silicon wafer 300 mm", "Photoresist", "Neon gas", "Electronic-grade hydrofluoric acid", "High-purity nitrogen",
        "Gold", "Copper cathode", "Epoxy resin")
_ANALOGUE = ("Silicon wafer 200 mm", "Photoresist", "High-purity nitrogen", "Gold", "Copper cathode", "Epoxy resin")
# What each component or part is made of (first matching keyword of its name wins), so that a raw
# material only ever goes into something it can be part of: copper into a busbar, not into a label.
MATERIALS_BY_KEYWORD: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("MLCC", ("Barium titanate powder", "Nickel", "Palladium", "Silver")),
    ("resistor", ("Alumina ceramic powder", "Palladium", "Silver", "Nickel")),
    ("inductor", ("Ferrite powder", "Copper cathode", "Silver")),
    ("Ferrite bead", ("Ferrite powder", "Silver", "Nickel")),
    ("Tantalum", ("Tantalum powder", "Epoxy resin", "Silver")),
    ("GaN", ("Gallium nitride on SiC epi-wafer", "Gold", "Copper cathode")),
    ("LDMOS", ("Silicon wafer 200 mm", "Gold", "Copper cathode")),
    ("MOSFET", ("Silicon carbide wafer 150 mm", "Silicon wafer 200 mm", "Copper cathode", "Tin ingot")),
    ("ASIC", _FAB), ("FPGA", _FAB), ("processor", _FAB), ("DRAM", _FAB), ("flash", _FAB), ("CPU", _FAB),
    ("Microcontroller", _FAB),
    ("DC/DC", ("Copper foil 18 um", "FR-4 glass-fibre cloth", "Ferrite powder", "Copper cathode")),
    ("IC", _ANALOGUE), ("converter", _ANALOGUE), ("PHY", _ANALOGUE), ("Trusted", _ANALOGUE),
    ("regulator", _ANALOGUE), ("sensor", _ANALOGUE), ("SAW/BAW", ("Silicon wafer 200 mm", "Gold", "Alumina ceramic powder")),
    ("Oscillator", ("Alumina ceramic powder", "Silver", "Nickel")),
    ("Optical transceiver", ("Indium phosphide wafer 100 mm", "Liquid-crystal polymer", "Gold", "Copper foil 18 um")),
    ("Laser", ("Indium phosphide wafer 100 mm", "Gallium arsenide wafer 150 mm", "Gold")),
    ("Photodiode", ("Indium phosphide wafer 100 mm", "Gold")),
    ("Connector", ("Phosphor bronze strip", "Beryllium copper strip", "Gold", "Liquid-crystal polymer", "PBT resin")),
    ("fan", ("PBT resin", "Copper cathode", "Neodymium-iron-boron alloy")),
    ("Circulator", ("Ferrite powder", "Neodymium-iron-boron alloy", "Silver", "Rare-earth oxides")),
    ("Heat pipe", ("Copper cathode",)),
    ("Thermal interface", ("Silicone rubber compound", "Alumina ceramic powder")),
    ("EMI shield", ("Nickel", "Stainless steel 304 strip", "Tin ingot")),
    ("Lithium-ion", ("Lithium carbonate", "Cobalt", "Nickel", "Copper foil 18 um")),
    ("Bare PCB", ("FR-4 glass-fibre cloth", "Copper foil 18 um", "Epoxy resin", "Polyimide film", "Gold")),
    ("heatsink", ("Aluminium alloy 6063 billet", "Thermal grease compound")),
    ("housing", ("Aluminium alloy A380 ingot", "Magnesium alloy AZ91D")),
    ("bracket", ("Cold-rolled steel coil", "Zinc")),
    ("screw", ("Stainless steel 304 strip",)),
    ("busbar", ("Copper cathode", "Tin ingot")),
    ("gasket", ("Silicone rubber compound",)),
    ("fibre pigtail", ("Glass-fibre preform", "Germanium tetrachloride")),
    ("Ceramic substrate", ("Alumina ceramic powder",)),
    ("bezel", ("Polycarbonate resin", "ABS resin", "PBT resin")),
    ("Cable assembly", ("Copper cathode", "Tin ingot", "PPS resin")),
    ("Label", ("Polyimide film",)),
    ("Packaging", ("Polyethylene foam",)),
    ("carton", ("Corrugated board",)),
    ("Radome", ("Epoxy resin", "Polycarbonate resin")),
    ("dipole", ("Aluminium alloy A380 ingot", "Copper foil 18 um")),
    ("Waveguide", ("Aluminium alloy 6063 billet", "Silver")),
    ("Battery enclosure", ("Cold-rolled steel coil", "Aluminium alloy 6063 billet")),
)
_RAW_NAMES = {material for material, *_ in RAW_MATERIALS}
assert all(m in _RAW_NAMES for _, materials in MATERIALS_BY_KEYWORD for m in materials)


def materials_for(name: str) -> tuple[str, ...]:
    """The raw materials a component or part of this name is made of."""
    for keyword, materials in MATERIALS_BY_KEYWORD:
        if keyword in name:
            return materials
    return ("Copper cathode", "Tin ingot")
