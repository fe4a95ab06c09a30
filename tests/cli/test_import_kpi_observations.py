from __future__ import annotations

from mainspring.cli import main
from mainspring.strategy.models import Level, Observation
from tests.strategy.factories import make_kpi


def test_kpi_observations_import_all_or_nothing(org, tmp_path, capsys):
    make_kpi("INC", level=Level.SITE)
    path = tmp_path / "k.csv"
    path.write_text("kpi,unit,period,value\nINC,DEPOT-N,2025-01,4.5\nINC,SALES,2025-01,3\n")
    assert main(["import", "kpi-observations", str(path)]) == 0
    assert "2 created" in capsys.readouterr().out
    assert main(["import", "kpi-observations", str(path)]) == 0
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out

    path.write_text('kpi,unit,period,value\nINC,DEPOT-N,2025-02,4.5\nINC,SALES,2025-02,"3,5"\n')
    assert main(["import", "kpi-observations", str(path)]) == 2
    out = capsys.readouterr().out
    assert "Row 3, column 'value'" in out
    assert "use a dot" in out
    assert Observation.objects.count() == 2
