"""Properties of the review over the option space (hypothesis): every finding's provision exists in the variant,
every ground is an article in force on the review day, and applying a finding's fix removes that finding."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegraph.drafting import assemble, parse_spec
from clausegraph.drafting.rules import Findings, check
from clausegraph.errors import VariantRefused
from clausegraph.review import apply_fix

# the omissions the drafter accepts alone (a provision no kept one needs) and some it refuses
OMITTABLE = ["4", "7", "8.2", "5.1", "5.3.2", "5.3.3", "5.4", "3.3", "9", "1.2", "5.3"]
#: values a user would give where a fix leaves the value to them
USER_VALUES = {"employer.name": "济南某科技有限公司", "employer.address": "济南市市中区经十路1号", "employee.name": "张三",
               "employee.domicile": "济南市历下区", "employee.id_number": "370102199001011234", "province": "山东",
               "court": "济南市市中区人民法院"}

specs = st.fixed_dictionaries(
    {},
    optional={
        "non_compete": st.booleans(),
        "non_compete_months": st.integers(min_value=1, max_value=48),
        "non_compete_compensation": st.booleans(),
        "agreement_years": st.integers(min_value=1, max_value=6),
        "province": st.sampled_from(["XX", "山东", "江苏"]),
        "dispute_forum": st.sampled_from(["court", "arbitration"]),
        "court": st.sampled_from(["济南市市中区人民法院", "XX市XX区人民法院", "青岛市市南区人民法院"]),
        "modern_legal_bases": st.booleans(),
        "omit": st.lists(st.sampled_from(OMITTABLE), max_size=3, unique=True),
        "employer.name": st.sampled_from(["", "济南某科技有限公司"]),
        "employee.name": st.sampled_from(["", "张三"]),
        "language": st.sampled_from(["zh", "en", "zh-en"]),
    },
)
days = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2030, 12, 31))


def _reviewable(template, spec) -> bool:
    """Whether the review takes the spec: the drafter refuses it for nothing but legal limits (those it reviews)."""
    return not any(f.ground_iri is None for f in check(template, parse_spec(template, spec)).violations)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=specs, on=days)
def test_findings_name_kept_provisions_and_grounds_in_force(ruleset, template, reviewed, spec, on):
    if not _reviewable(template, spec):
        try:
            reviewed(spec, on)
        except VariantRefused as refused:
            assert all(v.ground_iri is None for v in refused.violations)
            return
        raise AssertionError("a spec refused for other than a legal limit was reviewed")
    result = reviewed(spec, on)
    parsed = parse_spec(template, spec)
    document = assemble(template, parsed, findings=Findings(()))
    kept = {block.iri for block in document.walk()}
    for finding in result.findings:
        assert finding.provision in kept, f"{finding.code} names {finding.provision}, which the variant leaves out"
        assert finding.grounds, finding.code
        for ground in finding.grounds:
            article = ruleset.articles[ground.article]
            assert article.in_force(on), f"{finding.code}: {ground.label_en} is not in force on {on}"
            assert ground.article in next(r for r in ruleset.rules if r.code == finding.code).grounds


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=specs)
def test_applying_a_fix_removes_its_finding(template, reviewed, spec):
    if not _reviewable(template, spec):
        return
    for finding in reviewed(spec).findings:
        if finding.fix.option is None:
            continue
        fixed = apply_fix(spec, finding.fix, value=USER_VALUES.get(finding.fix.option))
        if not _reviewable(template, fixed):
            # the fix itself is refused by the drafter (omitting a provision another needs): not a fix for this variant
            assert finding.fix.option == "omit", (finding.code, finding.fix)
            continue
        after = {f.key for f in reviewed(fixed).findings}
        assert finding.key not in after, f"applying {finding.fix.option}={finding.fix.value} left {finding.code} on {finding.provision}"
