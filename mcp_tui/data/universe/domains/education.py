"""Schools and learning: courses, enrollments, grades, assignments, timetables and tutors."""

from mcp_tui.data.universe.fields import PEOPLE, date, flag, ident, limit, text, when
from mcp_tui.data.universe.kit import Domain, F, cap, resource
from mcp_tui.data.universe.values import Choice, Count, Decimal, Many, Measure, Money, Pick

D = "education"
SUBJECT = Choice((("mathematics", "math"), ("biology",), ("history",), ("computer_science", "computer science",
                                                                      "programming"),
                  ("spanish",), ("economics",), ("music",)))
LEVEL = Choice((("beginner", "beginner", "introductory"), ("intermediate",), ("advanced",)))
COURSES = Pick(("CS101", "MATH201", "BIO150", "HIST110", "ECON220", "SPAN102"))
TERM = Choice((("fall_2024", "fall 2024"), ("spring_2025", "spring 2025"), ("fall_2025", "fall 2025")))

student_id = ident("student id", "S", digits=6, label="student ID")
course = F("course code", COURSES, "in {v}", "for {v}", label="course code", ask="which course")

CAPS = (
    *resource(D, "course", "courses", course,
              filters=[F("subject", SUBJECT, "in {v}", "on {v}"), F("level", LEVEL, "at {v} level", "for {v} students"),
                       flag("online only", ("online",), ("online or in person",)),
                       F("max fee", Money(0, 2000), "under {v}", label="maximum fee")],
              search_required=0, extra=[limit("limit", "courses")], ops="search get"),
    *resource(D, "enrollment", "enrollments", ident("enrollment id", "ENR", digits=6),
              fields=[student_id, course, F("term", TERM, "for {v}", default="fall_2025"),
                      flag("audit", ("as an auditor",), ("for credit",))],
              create_required=2, verbs={"create": "enroll", "delete": "drop"}, ops="list create delete"),
    *resource(D, "assignment", "assignments", ident("assignment id", "A", digits=5, label="assignment ID"),
              fields=[course, text("title", ("Lab report 3", "Essay: causes of WWI", "Problem set 5", "Final project "
                                                                                            "proposal"),
                                   "called {v}", ask="the assignment's title"),
                      date("due date", "due {v}", lo=3, hi=40), F("max points", Count(10, 100), "worth {v} points",
                                                                  default=100)],
              filters=[course, flag("overdue only", ("that are overdue",), ("whether due or not",))],
              create_required=3, search_required=0, ops="search create update delete"),
    cap(D, "submit assignment", "submit work for an assignment",
        [ident("assignment id", "A", digits=5, label="assignment ID"), student_id,
         F("file url", Pick(("https://files.example.edu/lab3.pdf", "https://files.example.edu/essay.docx")), "({v})")],
        frames=("submit assignment {assignment_id} for student {student_id}{args}",)),
    cap(D, "get grades", "get a student's grades", [student_id],
        [course, F("term", TERM, "for {v}")], frames=("get the grades of student {student_id}{args}",),
        asks=("What grades does student {student_id} have{args}?",)),
    cap(D, "record grade", "record a grade for a student",
        [student_id, course, F("grade", Choice((("A",), ("B",), ("C",), ("D",), ("F",))), "a grade of {v}")],
        frames=("record a grade{args}",)),
    cap(D, "calculate gpa", "compute a grade point average",
        [F("grades", Many(Choice((("A",), ("B",), ("C",))), 3, 5), "of {v}", label="letter grades")],
        frames=("calculate the GPA{args}",)),
    cap(D, "get timetable", "get a student's class timetable", [student_id],
        [date("week of", "for the week of {b}", lo=0, hi=30)], frames=("get the timetable of student {student_id}{args}",)),
    cap(D, "find tutors", "find tutors for a subject", [F("subject", SUBJECT, "for {v}")],
        [F("max rate", Money(15, 120), "under {v} an hour", label="maximum hourly rate"),
         flag("online", ("who teach online",), ("in person",))],
        frames=("find tutors{args}",), asks=("Is there a tutor{args}?",)),
    cap(D, "book tutoring session", "book a session with a tutor",
        [F("tutor", Pick(PEOPLE), "with {v}"), when("time", "{v}", lo=1, hi=14)],
        [F("duration", Measure("min", 30, 120, ("h",), integer=True), "for {v}")],
        frames=("book a tutoring session{args}",)),
    cap(D, "get attendance", "get a student's attendance record", [student_id], [course],
        frames=("get the attendance of student {student_id}{args}",)),
    cap(D, "request transcript", "request an official transcript", [student_id],
        [F("delivery", Choice((("email",), ("mail", "by post"))), "by {v}")],
        frames=("request a transcript for student {student_id}{args}",)),
    cap(D, "get course syllabus", "get the syllabus of a course", [course], frames=("get the syllabus{args}",)),
    cap(D, "check prerequisites", "check whether a student meets a course's prerequisites", [student_id, course],
        frames=("check if student {student_id} can take{args}",)),
    cap(D, "get scholarship options", "list scholarships a student may apply for",
        [F("min gpa", Decimal(2.0, 3.9, 1), "for a GPA of {v}", label="student GPA")],
        [F("field", SUBJECT, "in {v}")], frames=("list scholarships{args}",)),
)

QUESTIONS = (
    ("What's the difference between a major and a minor?",
     "A major is your main field of study and takes most of your credits; a minor is a smaller secondary field."),
    ("How is a GPA calculated?",
     "Each grade gets points (A=4, B=3, C=2, D=1, F=0), weighted by course credits; the GPA is the total points "
     "divided by total credits."),
)

DOMAIN = Domain(D, "Edu", ("school", "lms", "canvas-mcp", "edu_portal"), CAPS, QUESTIONS, vendors=("canvas", "moodle"),
                related=("hr",))
