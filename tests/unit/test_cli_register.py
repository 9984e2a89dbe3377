import json

from support import run_cli

from eplatnik import __version__


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_demo_then_payers_list_json(tmp_path):
    ws = tmp_path / "ws"
    assert run_cli("demo", basedir=ws).returncode == 0
    result = run_cli("payers", "list", "--json", basedir=ws)
    assert result.returncode == 0
    payers = json.loads(result.stdout)
    assert {p["short_name"] for p in payers} == {"KOWALSKI REMONTY", "NOWAK DESIGN", "TECHBUD SP. Z O.O."}
    assert (ws / "eplatnik.db").exists()


def test_payers_add_invalid_nip_exits_2_and_writes_nothing(tmp_path):
    ws = tmp_path / "ws"
    result = run_cli("payers", "add", "--nip", "8567346216", "--name", "X sp. z o.o.", "--short-name", "X",
                     "--type", "legal", "--regon", "192598184", basedir=ws)
    assert result.returncode == 2
    assert "NIP" in result.stderr and "cyfra kontrolna" in result.stderr
    assert not ws.exists()


def test_payers_add_valid_then_duplicate(tmp_path):
    ws = tmp_path / "ws"
    args = ("payers", "add", "--nip", "856-734-62-15", "--name", "Firma sp. z o.o.", "--short-name", "FIRMA",
            "--type", "legal", "--regon", "192598184", "--postal-code", "00-950")
    assert run_cli(*args, basedir=ws).returncode == 0
    again = run_cli(*args, basedir=ws)
    assert again.returncode == 2 and "już jest w rejestrze" in again.stderr
    listed = json.loads(run_cli("payers", "list", "--json", basedir=ws).stdout)
    assert [p["nip"] for p in listed] == ["8567346215"]


def test_deadline_command():
    result = run_cli("deadline", "--payer-type", "budget", "--period", "2024-12")
    assert result.returncode == 0 and result.stdout.strip() == "2025-01-07"
    result = run_cli("deadline", "--payer-type", "other", "--period", "2026-11")
    assert result.stdout.strip() == "2026-12-21"
    bad = run_cli("deadline", "--payer-type", "other", "--period", "2026/11")
    assert bad.returncode == 1 and "RRRR-MM" in bad.stderr


def test_english_messages(tmp_path):
    result = run_cli("--lang", "en", "payers", "add", "--nip", "1", "--name", "X", "--short-name", "X",
                     basedir=tmp_path / "ws")
    assert result.returncode == 2 and "NIP must have 10 digits" in result.stderr


def test_csv_import_preview_then_commit(tmp_path):
    ws = tmp_path / "ws"
    run_cli("demo", basedir=ws)
    csv_file = tmp_path / "people.csv"
    csv_file.write_bytes("PESEL;Imię;Nazwisko;Kod tytułu;Data rozpoczęcia\n44051401359;Józef;Źdźbło;011000;2026-01-01\n"
                         .encode("cp1250"))
    preview = run_cli("insured", "import", str(csv_file), "--payer", "9512345675", basedir=ws)
    assert preview.returncode == 0 and "podgląd" in preview.stdout and "cp1250" in preview.stdout
    done = run_cli("insured", "import", str(csv_file), "--payer", "9512345675", "--yes", basedir=ws)
    assert done.returncode == 0
    people = json.loads(run_cli("insured", "list", "--payer", "9512345675", "--json", basedir=ws).stdout)
    assert len(people) == 13 and any(p["last_name"] == "Źdźbło" for p in people)
