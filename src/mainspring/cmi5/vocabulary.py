"""The identifiers cmi5 defines (cmi5 Quartz §9.3, §9.6.2, §9.6.3, §10, §13.2)."""

from __future__ import annotations

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_W3ID = "https://w3id.org/xapi/adl/verbs/"

LAUNCHED = ADL + "launched"
INITIALIZED = ADL + "initialized"
COMPLETED = ADL + "completed"
PASSED = ADL + "passed"
FAILED = ADL + "failed"
TERMINATED = ADL + "terminated"
ABANDONED = ADL_W3ID + "abandoned"
WAIVED = ADL_W3ID + "waived"
SATISFIED = ADL_W3ID + "satisfied"
VOIDED = ADL + "voided"

VERB_NAMES = {
    LAUNCHED: "launched",
    INITIALIZED: "initialized",
    COMPLETED: "completed",
    PASSED: "passed",
    FAILED: "failed",
    TERMINATED: "terminated",
    ABANDONED: "abandoned",
    WAIVED: "waived",
    SATISFIED: "satisfied",
}
# The cmi5 defined verbs a unit may send; the others are the LMS's alone.
AU_VERBS = frozenset({INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED})
LMS_VERBS = frozenset({LAUNCHED, ABANDONED, WAIVED, SATISFIED})

CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"

EXT = "https://w3id.org/xapi/cmi5/context/extensions/"
EXT_SESSION = EXT + "sessionid"
EXT_MASTERY = EXT + "masteryscore"
EXT_LAUNCH_MODE = EXT + "launchmode"
EXT_LAUNCH_URL = EXT + "launchurl"
EXT_MOVE_ON = EXT + "moveon"
EXT_LAUNCH_PARAMETERS = EXT + "launchparameters"
RESULT_PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
RESULT_REASON = "https://w3id.org/xapi/cmi5/result/extensions/reason"

TYPE_COURSE = "https://w3id.org/xapi/cmi5/activitytype/course"
TYPE_BLOCK = "https://w3id.org/xapi/cmi5/activitytype/block"

LAUNCH_DATA = "LMS.LaunchData"

# The course structure namespace of Quartz, and the one of Sandstone and the spec's own
# examples; both are read.
NAMESPACES = (
    "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd",
    "http://www.adlnet.gov/cmi5/CourseStructure.xsd",
)
