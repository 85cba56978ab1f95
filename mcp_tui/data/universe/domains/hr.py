"""Work and hiring: job postings, applications, employees, leave, payroll and interviews."""

from mcp_tui.data.universe.fields import PEOPLE, city, date, email, flag, ident, limit, text, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Measure, Money, Pick

D = "hr"
TITLES = Pick(("data analyst", "nurse", "backend engineer", "product designer", "sales associate", "accountant"),
              quote=0.2)
DEPT = Choice((("engineering",), ("sales",), ("marketing",), ("finance",), ("support", "customer support"),
               ("operations",)))
LEAVE = Choice((("vacation",), ("sick", "sick leave"), ("parental", "parental leave"), ("unpaid", "unpaid leave")))
EMPLOYMENT = Choice((("full_time", "full-time"), ("part_time", "part-time"), ("contract",), ("internship",)))

employee_id = ident("employee id", "E", digits=5, label="employee ID")
job_id = ident("job id", "JOB-", digits=5, label="job ID")
application_id = ident("application id", "APP", digits=6, label="application ID")

CAPS = (
    *resource(D, "job posting", "job postings", job_id,
              fields=[F("title", TITLES, "for a {v}", ask="the job title"), F("department", DEPT, "in {v}"),
                      city("location", "in {v}", implied=False), F("salary min", Money(30000, 150000), "paying from {v}",
                                                                  label="minimum salary"),
                      F("employment type", EMPLOYMENT, "({v})"), flag("remote", ("remote",), ("on-site",))],
              filters=[F("title", TITLES, "for {v} roles"), city("location", "in {v}", implied=False),
                       flag("remote", ("that are remote",), ("on-site or remote",)),
                       F("salary min", Money(30000, 150000), "paying at least {v}", label="minimum salary")],
              create_required=2, search_required=0, extra=[limit("limit", "jobs")], verbs={"create": "post",
                                                                                           "delete": "close"},
              ops="search get create update delete"),
    *resource(D, "job application", "job applications", application_id,
              fields=[F("job id", job_id.kind, "for job {v}", ask="which job"), F("candidate", Pick(PEOPLE), "for {v}"),
                      email("email", "with email {v}"),
                      F("resume url", Pick(("https://cv.example.com/maria.pdf", "https://cv.example.com/omar.pdf")),
                        "with the resume at {v}")],
              filters=[F("job id", job_id.kind, "for job {v}"), F("stage", Choice((("screening",), ("interview",),
                                                                                   ("offer",), ("rejected",))),
                                                                  "in {v}")],
              create_required=2, search_required=0, verbs={"create": "submit", "delete": "withdraw"},
              ops="search get create delete"),
    *resource(D, "employee", "employees", employee_id,
              fields=[F("name", Pick(PEOPLE), "named {v}"), F("department", DEPT, "in {v}", "to {v}"),
                      F("title", TITLES, "as a {v}"), F("manager", Pick(PEOPLE), "reporting to {v}")],
              filters=[F("department", DEPT, "in {v}"), F("name", Pick(PEOPLE), "named {v}")],
              search_required=0, verbs={"create": "onboard", "delete": "offboard"}, ops="search get create update delete"),
    *resource(D, "leave request", "leave requests", ident("leave id", "LV", digits=6, label="leave request ID"),
              fields=[employee_id, F("leave type", LEAVE, "for {v}", ask="what kind of leave"),
                      date("start date", "from {b}", "starting {v}", lo=1, hi=40),
                      date("end date", "to {b}", "until {b}", lo=41, hi=60),
                      text("comment", ("Family trip", "Doctor's appointment", "Moving house"), "noting {v}")],
              create_required=4, verbs={"create": "submit", "delete": "cancel"}, ops="list create delete"),
    cap(D, "approve leave", "approve or reject a leave request",
        [ident("leave id", "LV", digits=6, label="leave request ID"),
         F("decision", Choice((("approved", "approve"), ("rejected", "reject"))), label="decision")],
        frames=("{decision} leave request {leave_id}",)),
    cap(D, "get leave balance", "get an employee's remaining leave days", [employee_id],
        [F("leave type", LEAVE, "for {v}")], frames=("get the leave balance of employee {employee_id}{args}",),
        asks=("How many vacation days does {employee_id} have left?",)),
    cap(D, "schedule interview", "schedule an interview with a candidate",
        [application_id, when("time", "{v}", lo=1, hi=14)],
        [F("duration", Measure("min", 30, 120, ("h",), integer=True), "for {v}", default=60)],
        frames=("schedule an interview for application {application_id}{args}",)),
    cap(D, "get payroll summary", "summarize payroll for a month",
        [F("month", Count(1, 12), "for month {v}"), F("year", Count(2023, 2025), "of {v}")],
        [F("department", DEPT, "for {v}")], frames=("summarize payroll{args}",)),
    cap(D, "get org chart", "get the reporting tree under a manager", [employee_id],
        [F("depth", Count(1, 4), "{v} levels deep")], frames=("get the org chart under employee {employee_id}{args}",)),
    cap(D, "log timesheet", "log hours worked",
        [employee_id, date("date", lo=-6, hi=0), F("hours", Measure("h", 1, 12, ("min",)), "{v}", label="hours worked")],
        [F("project", Pick(("Apollo", "Atlas", "Zephyr")), "on project {v}")],
        frames=("log time for employee {employee_id}{args}",)),
    cap(D, "send offer letter", "send an offer to a candidate",
        [application_id, F("salary", Money(30000, 200000), "at {v}"), date("start date", "starting {v}", lo=14, hi=60)],
        frames=("send an offer for application {application_id}{args}",)),
    cap(D, "start performance review", "open a performance review",
        [employee_id, F("cycle", Choice((("midyear", "mid-year"), ("annual",))), "for the {v} cycle")],
        frames=("start a performance review for employee {employee_id}{args}",)),
)

QUESTIONS = (
    ("What's the difference between an employee and a contractor?",
     "An employee works under the company's direction and gets benefits and tax withholding; a contractor runs their "
     "own business, controls how the work is done and handles their own taxes."),
    ("What should a good resume include?",
     "Contact details, a short summary, relevant experience with results, skills and education, on one or two pages."),
)

DOMAIN = Domain(D, "HR", ("hr", "workday-mcp", "people_ops", "jobs_board"), CAPS, QUESTIONS, vendors=("bamboo",),
                related=("calendar", "education"))
