"""Medical practice: doctors, appointments, prescriptions, lab results and coverage."""

from mcp_tui.data.universe.fields import city, date, flag, ident, text, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Pick

D = "clinic"
SPECIALTY = Choice((("dermatology", "a dermatologist"), ("cardiology", "a cardiologist"),
                    ("pediatrics", "a pediatrician"), ("general_practice", "a GP", "a family doctor"),
                    ("orthopedics", "an orthopedist"), ("dentistry", "a dentist")))
DOCTORS = Pick(("Dr. Amara Osei", "Dr. Liam Chen", "Dr. Sara Novak", "Dr. Raj Mehta", "Dr. Elena Ruiz"))
INSURANCE = Choice((("aetna", "Aetna"), ("bluecross", "Blue Cross"), ("cigna", "Cigna"), ("medicare", "Medicare")))
REASONS = ("Annual checkup", "Persistent cough", "Knee pain after running", "Skin rash on the arm", "Vaccination")
MEDS = Pick(("amoxicillin", "lisinopril", "metformin", "atorvastatin", "albuterol inhaler"))

appointment_id = ident("appointment id", "APT-", digits=6, label="appointment number")
patient = ident("patient id", "PT", digits=6, label="patient ID")

CAPS = (
    *resource(D, "doctor", "doctors", ident("doctor id", "DR", digits=4, label="doctor ID"),
              filters=[F("specialty", SPECIALTY, "({v})"), city("city", "in {v}"), F("insurance", INSURANCE, "taking {v}"),
                       flag("accepting new patients", ("accepting new patients",), ("whether or not they take new "
                                                                                    "patients",))],
              ops="search get"),
    *resource(D, "appointment", "appointments", appointment_id,
              fields=[F("doctor", DOCTORS, "with {v}", ask="which doctor"), when("time", "{v}", lo=1, hi=30,
                                                                                 ask="when"),
                      text("reason", REASONS, "for {v}", "about {v}"),
                      flag("telehealth", ("as a video visit", "online"), ("in person",))],
              create_required=2, verbs={"create": "book", "delete": "cancel"}, ops="get list create update delete"),
    cap(D, "request prescription refill", "ask for a prescription refill",
        [patient, F("medication", MEDS, ask="which medication")],
        [F("pharmacy", Pick(("CVS on Main St", "Walgreens downtown", "Boots Oxford Street")), "at {v}")],
        frames=("request a refill of {medication} for patient {patient_id}{args}",)),
    *resource(D, "prescription", "prescriptions", ident("prescription id", "RX", digits=7, label="prescription number"),
              filters=[patient, flag("active only", ("active ones only",), ("including expired ones",))],
              ops="search get"),
    cap(D, "get lab results", "get a patient's lab results", [patient],
        [F("test", Choice((("cbc", "blood count"), ("lipid_panel", "cholesterol"), ("a1c", "HbA1c"),
                          ("vitamin_d", "vitamin D"))), "for {v}"), date("since", "since {b}", lo=-365, hi=-1)],
        frames=("get lab results for patient {patient_id}{args}",)),
    cap(D, "check insurance coverage", "check whether insurance covers a procedure",
        [F("insurance", INSURANCE), F("procedure", Pick(("MRI", "physical therapy", "flu shot", "allergy test")))],
        frames=("check if {insurance} covers {procedure}",), asks=("Does {insurance} cover {procedure}?",)),
    cap(D, "find pharmacies", "find pharmacies near a place", [city("city", "in {v}")],
        [flag("open 24 hours", ("open 24 hours",), ("with normal hours",))], frames=("find pharmacies{args}",)),
    cap(D, "get vaccination record", "get a patient's vaccination history", [patient],
        frames=("get the vaccination record of patient {patient_id}",)),
    cap(D, "send message to doctor", "send a message to a doctor through the portal",
        [F("doctor", DOCTORS, "to {v}"), text("message", ("Can I take ibuprofen with my prescription?",
                                                          "The rash is spreading, should I come in?",
                                                          "Please send my results by email."), "saying {v}")],
        frames=("message {doctor}{args}",)),
    cap(D, "check drug interactions", "check two medications for interactions",
        [F("drug a", MEDS, label="first drug"), F("drug b", MEDS, label="second drug")],
        frames=("check interactions between {drug_a} and {drug_b}",),
        asks=("Can I take {drug_a} with {drug_b}?",)),
    cap(D, "get available slots", "list a doctor's free appointment slots", [F("doctor", DOCTORS)],
        [date("date", lo=1, hi=21), F("max slots", Count(1, 10), "(up to {v})")],
        frames=("list free slots with {doctor}{args}",), asks=("When is {doctor} free{args}?",)),
    cap(D, "update patient contact", "update a patient's phone number",
        [patient, F("phone", Pick(("+1 555 0187", "+1 555 0122", "+44 7700 900123")), "to {v}")],
        frames=("update the phone number of patient {patient_id}{args}",)),
    cap(D, "request medical records", "request a copy of medical records", [patient],
        [F("format", Choice((("pdf", "as a PDF"), ("paper", "on paper"))), "{v}")],
        frames=("request the medical records of patient {patient_id}{args}",)),
)

QUESTIONS = (
    ("What's the difference between a virus and a bacterium?",
     "Bacteria are living single cells that can often be treated with antibiotics; viruses are much smaller, need a "
     "host cell to reproduce, and antibiotics don't work on them."),
    ("What does a normal resting heart rate look like?",
     "For adults, 60-100 beats per minute; fit people are often lower."),
    ("What is a generic drug?",
     "A medicine with the same active ingredient, dose and effect as a brand-name drug, sold after the patent "
     "expires, usually cheaper."),
)

DOMAIN = Domain(D, "Clinic", ("clinic", "patient-portal", "health_records", "medcenter"), CAPS, QUESTIONS,
                vendors=("mychart",), related=("fitness",))
