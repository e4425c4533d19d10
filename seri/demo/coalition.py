"""The organisations of the demo.

Source: the joint statement "Abolish Slave Compounds in Cambodia", 10 March 2022
(shared/seeds/statement-en.txt), "This statement endorsed by:" — its 35 organisations in the
statement's order. Names and acronyms are the statement's; where the statement gives no acronym
the short name is the organisation's name shortened. The country is the one the statement
names after the organisation, otherwise Cambodia (KH).

The partners below the coalition (an embassy, a police liaison unit, a UN agency) are made up
for the demo and say so in their names.
"""

from typing import NamedTuple

from seri.core.vocabularies import OrganisationType


class OrganisationSeed(NamedTuple):
    name: str
    short_name: str
    country: str = "KH"
    type: str = OrganisationType.NGO


COALITION: tuple[OrganisationSeed, ...] = (
    OrganisationSeed("Alliance for Conflict Transformation", "ACT"),
    OrganisationSeed("Association of Domestic Workers", "ADW"),
    OrganisationSeed("Asian Forum for Human Rights and Development", "FORUM-ASIA"),
    OrganisationSeed("Bytes for All", "Bytes for All", "PK"),
    OrganisationSeed("Cambodian Center for Human Rights", "CCHR"),
    OrganisationSeed("Cambodian Human Rights and Development Association", "ADHOC"),
    OrganisationSeed("Cambodian League for the Promotion and Defense of Human Rights", "LICADHO"),
    OrganisationSeed("Center for Alliance of Labor and Human Rights", "CENTRAL"),
    OrganisationSeed("Centre for Human Rights and Development", "CHRD Mongolia", "MN"),
    OrganisationSeed("Coalition of Cambodian Farmers Community Association", "CCFC"),
    OrganisationSeed("Cambodian Food and Service Workers' Federation", "CFSWF"),
    OrganisationSeed("Committee for Free and Fair Elections in Cambodia", "COMFREL"),
    OrganisationSeed("Cambodian Center for Independent Media", "CCIM"),
    OrganisationSeed("Cambodian Institute for Democracy", "CID"),
    OrganisationSeed("Cambodian Youth Network", "CYN"),
    OrganisationSeed(
        "Defense of Human Rights & Public Service Trust", "DHR & Public Service Trust", "PK"
    ),
    OrganisationSeed("Equitable Cambodia", "EC"),
    OrganisationSeed("Gender and Development for Cambodia", "GADC"),
    OrganisationSeed("Independent Democracy of Informal Economy Association", "IDEA"),
    OrganisationSeed("Initiativ Kambodja", "IK"),
    OrganisationSeed("International Justice Mission", "IJM"),
    OrganisationSeed("M'Lop Tapang", "M'Lop Tapang"),
    OrganisationSeed(
        "Neutral and Impartial Committee for Free and Fair Elections in Cambodia", "NICFEC"
    ),
    OrganisationSeed("Odhikar", "Odhikar", "BD"),
    OrganisationSeed("Peace Bridges Organization", "PBO"),
    OrganisationSeed("People Center for Development and Peace", "PDP-Center"),
    OrganisationSeed("People's Empowerment Foundation", "People's Empowerment Foundation", "TH"),
    OrganisationSeed("Society for the Protection of the Rights of the Child", "SPARC", "PK"),
    OrganisationSeed("Transparency International Cambodia", "TI"),
    OrganisationSeed("The Cambodian NGO Committee on CEDAW", "NGO-CEDAW"),
    OrganisationSeed("Suara Rakyat Malaysia", "SUARAM", "MY"),
    OrganisationSeed("Women's Rehabilitation Centre", "WOREC", "NP"),
    OrganisationSeed("Think Centre", "Think Centre", "SG"),
    OrganisationSeed("Banglar Manabadhikar Suraksha Mancha", "MASUM", "IN"),
    OrganisationSeed("Progressive Voice", "Progressive Voice", "MM"),
)

# The main demo organisation, where one user of each role works, and the second NGO.
MAIN_NGO = "LICADHO"
SECOND_NGO = "IJM"

EMBASSY = OrganisationSeed(
    "Embassy of the Socialist Republic of Viet Nam (demo)",
    "VN Embassy (demo)",
    "VN",
    OrganisationType.EMBASSY,
)
POLICE = OrganisationSeed(
    "Anti-Human Trafficking Police Liaison (demo)",
    "AHT Police (demo)",
    "KH",
    OrganisationType.LAW_ENFORCEMENT,
)
UN_AGENCY = OrganisationSeed(
    "United Nations Field Office (demo)",
    "UN Office (demo)",
    "KH",
    OrganisationType.UN_AGENCY,
)
PARTNERS: tuple[OrganisationSeed, ...] = (EMBASSY, POLICE, UN_AGENCY)
