"""A curated start of the glossary: the smart-city domain's words in German and English.

Each line is one concept: German terms | English terms, synonyms separated by ";". Staff
extend and correct it in the admin; this migration only adds what is missing (it matches
an entry by its first German term), so running it on a database that has the words
already changes nothing.
"""

from django.db import migrations

GLOSSARY = """
Datenplattform; Datenplattformen; urbane Datenplattform; Datendrehscheibe | data platform; data platforms; urban data platform; data hub
Datenmanagement; Datenverwaltung | data management
Daten | data
offene Daten; Open Data | open data
Datenraum; Datenräume | data space; data spaces
Datenschutz | data protection; privacy
Datensouveränität | data sovereignty
Datensatz; Datensätze | dataset; datasets; data set
Datenqualität | data quality
Datenstrategie | data strategy
Datenkompetenz | data literacy
Datenauswertung; Datenanalyse | data analysis; data analytics
Datenaustausch | data exchange; data sharing
Datenbank | database
Trainingsdaten | training data
Datensammlung | data collection
Dashboard; Cockpit | dashboard
Schnittstelle; Schnittstellen; API | interface; interfaces; API
Echtzeitdaten | real-time data; realtime data
Geodaten | geodata; geospatial data
Geoinformationssystem; GIS | geographic information system; GIS
Sensor; Sensoren; Sensorik | sensor; sensors
Internet der Dinge; IoT | Internet of Things; IoT
LoRaWAN | LoRaWAN
Funknetz; Funknetzwerk | radio network; wireless network
Netzwerk; Netzwerke; Netz | network; networks
Mobilfunk; 5G | mobile network; cellular network; 5G
Breitband; Breitbandausbau | broadband; broadband expansion
Glasfaser; Glasfaserausbau | fibre; fiber; fibre optics
WLAN; öffentliches WLAN | Wi-Fi; public Wi-Fi; WLAN
Rechenzentrum | data centre; data center
Cloud | cloud
Plattform | platform
Open Source; quelloffen; freie Software | open source; free software
offene Standards; offener Standard | open standards; open standard
Interoperabilität | interoperability
Standardisierung | standardisation; standardization
Lizenz | licence; license
Quellcode | source code
Künstliche Intelligenz; KI | artificial intelligence; AI
maschinelles Lernen | machine learning
Algorithmus; Algorithmen | algorithm; algorithms
Chatbot | chatbot
Sprachassistent | voice assistant
Automatisierung | automation
Digitaler Zwilling; Digitale Zwillinge; Stadtzwilling | digital twin; digital twins; urban digital twin
3D-Stadtmodell; Stadtmodell | 3D city model; city model
Simulation | simulation
Visualisierung | visualisation; visualization
Smart City; Smart Cities; intelligente Stadt | smart city; smart cities
Smart Region; intelligente Region | smart region
Smart Country; Smart Village; digitales Dorf | smart country; smart village; digital village
Stadt; Städte | city; cities; town
Kommune; Kommunen; Gemeinde; Gemeinden | municipality; municipalities; local authority
Landkreis; Landkreise; Kreis | district; rural district; county
Region | region
Bundesland; Land | federal state; state
Stadtverwaltung; Kommunalverwaltung | city administration; municipal administration
Verwaltung | administration
Rathaus | town hall; city hall
Bürgeramt; Bürgerbüro | citizens' office; citizen service centre
Oberbürgermeister; Oberbürgermeisterin | lord mayor; mayor
Bürgermeister; Bürgermeisterin | mayor
Landrat; Landrätin | district administrator
Stadtrat; Gemeinderat | city council; municipal council
Kreistag | district council
Senatskanzlei | senate chancellery
Staatssekretär; Staatssekretärin | state secretary
Bundesministerium; Ministerium | federal ministry; ministry
Bund; Bundesregierung | federal government
Förderprogramm; Förderprogramme | funding programme; funding program
Förderung; Fördermittel; Zuschuss | funding; grant; subsidy
Modellprojekt; Modellprojekte | model project; pilot project
Modellkommune; Modellkommunen | model municipality; model municipalities
Modellprojekte Smart Cities; MPSC | Smart Cities model projects; MPSC
Pilotprojekt; Pilot; Pilotphase | pilot; pilot project; pilot phase
Machbarkeitsstudie; Proof of Concept | feasibility study; proof of concept
Verstetigung; verstetigen; dauerhaft | making permanent; mainstreaming; scaling; permanent
Transfer; Wissenstransfer | transfer; knowledge transfer
Übertragbarkeit; übertragbar | transferability; transferable
Skalierung; skalieren | scaling; scale up
Nachnutzung; nachnutzen | reuse; re-use
Best Practice; gute Praxis; Praxisbeispiel | best practice; good practice; case study
Erfahrungsaustausch; Austausch | exchange of experience; exchange
Wissensaustausch | knowledge exchange; knowledge sharing
Vernetzung | networking
Zusammenarbeit; Kooperation | cooperation; collaboration
interkommunale Zusammenarbeit | inter-municipal cooperation
Partnerschaft; Partner | partnership; partner
Mitglied; Mitglieder | member; members
Mitgliedschaft | membership
Gründungsmitglied; Gründungsmitglieder | founding member; founding members
Absichtserklärung | letter of intent; memorandum of understanding
Kongress | congress; conference
Konferenz; Tagung | conference
Netzwerktreffen; Treffen | network meeting; meeting
Workshop | workshop
Podiumsdiskussion; Panel | panel discussion; panel
Rückblick; Nachbericht | review; recap; report
Veranstaltung; Veranstaltungen | event; events
Messe | trade fair; fair
Ausschreibung; Vergabe | tender; procurement
Beschaffung | procurement; purchasing
Strategie | strategy
Digitalstrategie; Digitalisierungsstrategie | digital strategy; digitalisation strategy
Smart-City-Strategie | smart city strategy
Zukunftsstrategie | strategy for the future
Leitbild | mission statement; vision
Handlungsfeld; Handlungsfelder | field of action; fields of action
Maßnahme; Maßnahmen | measure; measures
Umsetzung | implementation
Evaluation; Evaluierung; Wirkungsmessung | evaluation; impact assessment
Kennzahl; Kennzahlen | indicator; key figure; KPI
Erfolgsfaktor; Erfolgsfaktoren | success factor; success factors
Scheitern; gescheitert | failure; failed
Lessons Learned; Erkenntnisse | lessons learned
Innovation | innovation
Digitalisierung | digitalisation; digitalization; digital transformation
digitale Transformation | digital transformation
Verwaltungsdigitalisierung; digitale Verwaltung; E-Government | digital administration; e-government; digital government
Onlinezugangsgesetz; OZG | Online Access Act; OZG
Onlinedienst; Onlinedienste; Online-Service | online service; online services
digitale Dienste; digitale Angebote | digital services
Bürgerservice; Bürgerdienste | citizen services; public services
Antrag; Anträge | application; applications
Formular | form
E-Akte; elektronische Akte | e-file; electronic file
digitale Signatur; elektronische Signatur | digital signature; electronic signature
Bürgerkonto; Servicekonto | citizen account; service account
Bürgerkarte; Bürgerkarten; Stadtkarte | citizen card; citizen cards; city card
Bezahlen; Zahlung; Bezahlung | payment; paying
bargeldlos; bargeldloses Bezahlen | cashless; cashless payment
Prepaid-Karte; Guthabenkarte | prepaid card
Karte | card
Sparkasse | savings bank
Bank | bank
Unternehmen; Firma | company; business; enterprise
Start-up; Startup | start-up; startup
Wirtschaftsförderung | economic development
Einzelhandel; Handel | retail; trade
Innenstadt; Stadtzentrum | city centre; city center; downtown
Marktplatz; Markt | marketplace; market
Leerstand | vacancy; vacant premises
Tourismus | tourism
Gästekarte | guest card; visitor card
Kultur | culture
Bibliothek | library
Bildung | education
Schule; Schulen | school; schools
Schüler; Schülerinnen und Schüler | pupils; students; schoolchildren
digitale Bildung | digital education
Gesundheit | health; healthcare
Pflege | care; nursing
Telemedizin | telemedicine
demografischer Wandel | demographic change
Senioren; ältere Menschen | older people; senior citizens
Barrierefreiheit; barrierefrei | accessibility; accessible
Inklusion | inclusion
Teilhabe | participation; social inclusion
Bürgerbeteiligung; Beteiligung; Partizipation | citizen participation; participation; public participation; civic engagement
E-Partizipation; Online-Beteiligung | e-participation; online participation
Bürgerinnen und Bürger; Bürger; Einwohner | citizens; residents; inhabitants
Ehrenamt | volunteering; voluntary work
Reallabor | living lab; real-world laboratory
Innovationslabor | innovation lab
Co-Creation; Mitgestaltung | co-creation
Mobilität | mobility
Verkehr | transport; traffic
Verkehrswende | mobility transition; transport transition
öffentlicher Nahverkehr; ÖPNV; Nahverkehr; öffentlicher Personennahverkehr | public transport; public transit; local public transport
Bus; Busse; Linienbus | bus; buses
Rufbus; On-Demand-Verkehr; Anrufbus | on-demand bus; demand-responsive transport; dial-a-ride
Fahrausweis; Fahrkarte; Fahrschein; Ticket | ticket; travel ticket
E-Ticket; elektronischer Fahrausweis | e-ticket; electronic ticket
Fahrplan | timetable
Fahrgastinformation | passenger information
Haltestelle | bus stop; stop
Mobilitätsstation; Mobilstation | mobility hub; mobility station
Sharing; Carsharing | sharing; car sharing; car-sharing
Bikesharing; Leihfahrrad | bike sharing; bike-sharing; rental bike
Radverkehr; Fahrrad | cycling; bicycle
Fußverkehr | walking; pedestrian traffic
Parken; Parkplatz; Parkplätze | parking; parking space; car park
Parkraummanagement | parking management
Verkehrssteuerung; Verkehrsmanagement | traffic management; traffic control
Ampel; Lichtsignalanlage | traffic light; traffic signal
autonomes Fahren; autonomer Bus | autonomous driving; autonomous bus; self-driving
Elektromobilität; E-Mobilität | electric mobility; e-mobility
Ladesäule; Ladesäulen; Ladestation; Ladepunkt | charging point; charging station; charging points
Ladeinfrastruktur | charging infrastructure
Logistik; Lieferverkehr | logistics; delivery traffic
letzte Meile | last mile
Pendler | commuters
mobil; mobile | mobile
Energie | energy
Klima; Klimaschutz | climate; climate protection; climate action
Klimaanpassung; Klimafolgenanpassung | climate adaptation; climate change adaptation
Klimaneutralität; klimaneutral | climate neutrality; climate neutral; net zero
Energiewende | energy transition
erneuerbare Energien | renewable energy; renewables
Photovoltaik; Solaranlage | photovoltaics; solar panel; solar
Wärmewende | heat transition
Wärmeplanung; kommunale Wärmeplanung | heat planning; municipal heat planning
Fernwärme | district heating
Wärmespeicher; Speicher | heat storage; storage
Stromnetz; intelligentes Stromnetz | power grid; smart grid
Energieeffizienz | energy efficiency
Straßenbeleuchtung; intelligente Straßenbeleuchtung | street lighting; smart street lighting
Gebäude | building; buildings
Emissionen; CO2 | emissions; carbon emissions; CO2
Luftqualität | air quality
Lärm | noise
Hitze; Hitzeschutz | heat; heat protection
Starkregen; Hochwasser | heavy rain; flood; flooding
Wasser; Wasserversorgung | water; water supply
Abwasser | wastewater; sewage
Abfall; Müll; Abfallwirtschaft | waste; waste management
Kreislaufwirtschaft | circular economy
Umwelt; Umweltschutz | environment; environmental protection
Nachhaltigkeit; nachhaltig | sustainability; sustainable
Grünflächen; Stadtgrün | green spaces; urban green
Baum; Bäume; Stadtbäume | tree; trees; urban trees
Umweltmonitoring; Monitoring | environmental monitoring; monitoring
Stadtentwicklung; integrierte Stadtentwicklung | urban development; integrated urban development
Stadtplanung | urban planning; city planning
Quartier; Stadtquartier | neighbourhood; neighborhood; urban district
Wohnen; Wohnungsbau | housing
Bauwesen; Bauen | construction; building
Bauleitplanung; Bebauungsplan | land-use planning; development plan
ländlicher Raum; ländliche Räume | rural area; rural areas; countryside
ländlich | rural
städtisch; urban | urban
Daseinsvorsorge | services of general interest; public services
Nahversorgung | local supply; local shops
Ortsteil; Ortsteile | village; district; locality
Dorf; Dörfer | village; villages
Sicherheit; öffentliche Sicherheit | safety; security; public safety
Katastrophenschutz; Bevölkerungsschutz | civil protection; disaster management
Feuerwehr | fire brigade; fire service
Warnsystem; Warn-App | warning system; warning app
IT-Sicherheit; Informationssicherheit; Cybersicherheit | IT security; information security; cybersecurity
Resilienz | resilience
digitale Souveränität | digital sovereignty
Ethik | ethics
Transparenz | transparency
App; Anwendung | app; application
Software | software
Website; Internetseite | website
Portal; Onlineportal | portal; online portal
Bürger-App; Stadt-App | citizen app; city app
Mängelmelder | issue reporting; defect reporting; fix my street
Open Government; offenes Regierungshandeln | open government
Verwaltungsmodernisierung | administrative modernisation; administrative modernization
Fachkräfte; Fachkräftemangel | skilled workers; skills shortage
Personal; Mitarbeitende | staff; employees
Qualifizierung; Weiterbildung | training; qualification
Digitallotse; Digitallotsen | digital guide; digital guides
Chief Digital Officer; CDO; Digitalbeauftragter | chief digital officer; CDO; digital officer
Stabsstelle | staff unit
Amt | office; department
Projektbüro; Projektmanagement | project office; project management
Öffentlichkeitsarbeit | public relations; PR
Kommunikation | communication
Nordrhein-Westfalen; NRW | North Rhine-Westphalia; NRW
Bayern | Bavaria
Sachsen-Anhalt | Saxony-Anhalt
Schleswig-Holstein | Schleswig-Holstein
Baden-Württemberg | Baden-Württemberg
Niedersachsen | Lower Saxony
Hessen | Hesse
Thüringen | Thuringia
Sachsen | Saxony
Rheinland-Pfalz | Rhineland-Palatinate
Mecklenburg-Vorpommern | Mecklenburg-Western Pomerania
München | Munich
Köln | Cologne
Nürnberg | Nuremberg
Prag | Prague
Athen | Athens
Wien | Vienna
Brüssel | Brussels
Kopenhagen | Copenhagen
Lissabon | Lisbon
Warschau | Warsaw
Mailand | Milan
Rom | Rome
Deutschland | Germany
Europa; Europäische Union; EU | Europe; European Union; EU
international; weltweit; global | international; worldwide; global
bundesweit; national | nationwide; national
"""


def split_line(line):
    german, english = line.split("|")
    return (
        [term.strip() for term in german.split(";") if term.strip()],
        [term.strip() for term in english.split(";") if term.strip()],
    )


def entries():
    return [split_line(line) for line in GLOSSARY.strip().splitlines()]


def add_glossary(apps, schema_editor):
    GlossaryEntry = apps.get_model("core", "GlossaryEntry")
    GlossaryTerm = apps.get_model("core", "GlossaryTerm")
    known = set(GlossaryTerm.objects.filter(language="de").values_list("text", flat=True))
    for german, english in entries():
        if german[0] in known:
            continue
        entry = GlossaryEntry.objects.create()
        GlossaryTerm.objects.bulk_create(
            [GlossaryTerm(entry=entry, text=text, language="de") for text in german]
            + [GlossaryTerm(entry=entry, text=text, language="en") for text in english]
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_glossary")]

    operations = [migrations.RunPython(add_glossary, migrations.RunPython.noop)]
