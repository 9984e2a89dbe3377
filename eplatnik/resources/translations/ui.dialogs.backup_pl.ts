<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>BackupFlow</name>
    <message>
        <source>Back up workspace</source>
        <translation>Kopia zapasowa obszaru roboczego</translation>
    </message>
    <message>
        <source>Backup archives (*.zip)</source>
        <translation>Kopie zapasowe (*.zip)</translation>
    </message>
    <message>
        <source>Backing up the workspace…</source>
        <translation>Tworzenie kopii zapasowej…</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Kopia zapasowa</translation>
    </message>
    <message>
        <source>The backup was written to:
{path}

{files} files, {size}. Keep a copy away from this computer (a USB drive, a network folder).</source>
        <translation>Kopię zapasową zapisano w pliku:
{path}

Plików: {files}, rozmiar: {size}. Przechowuj kopię poza tym komputerem (pendrive, dysk sieciowy).</translation>
    </message>
    <message>
        <source>Restore workspace</source>
        <translation>Przywracanie obszaru roboczego</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>Sprawdzanie kopii zapasowej…</translation>
    </message>
    <message>
        <source>Restoring the workspace…</source>
        <translation>Przywracanie obszaru roboczego…</translation>
    </message>
    <message>
        <source>The workspace was restored into:
{path}

Open it now in a new window?</source>
        <translation>Obszar roboczy przywrócono do katalogu:
{path}

Otworzyć go teraz w nowym oknie?</translation>
    </message>
    <message>
        <source>The workspace was restored. The previous one is kept in:
{aside}

eplatnik restarts now.</source>
        <translation>Obszar roboczy został przywrócony. Poprzedni zachowano w katalogu:
{aside}

Program eplatnik uruchomi się teraz ponownie.</translation>
    </message>
    <message>
        <source>{error}

eplatnik restarts on the unchanged workspace.</source>
        <translation>{error}

Program eplatnik uruchomi się ponownie z niezmienionym obszarem roboczym.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore workspace</source>
        <translation>Przywracanie obszaru roboczego</translation>
    </message>
    <message>
        <source>Backup {file} made on {created} by eplatnik {version}: {files} files, {size}, database schema {schema}. Every file was checked against its SHA-256.</source>
        <translation>Kopia {file} utworzona {created} przez eplatnik {version}; plików: {files}, rozmiar: {size}, schemat bazy: {schema}. Każdy plik sprawdzono z jego sumą SHA-256.</translation>
    </message>
    <message>
        <source>Into a new, empty folder:</source>
        <translation>Do nowego, pustego katalogu:</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <source>In place of the current workspace</source>
        <translation>W miejsce bieżącego obszaru roboczego</translation>
    </message>
    <message>
        <source>The current workspace {path} is not deleted: it is renamed to {name}.before-restore-&lt;date&gt;. eplatnik then restarts on the restored data.</source>
        <translation>Bieżący obszar roboczy {path} nie zostanie usunięty: zmieni nazwę na {name}.before-restore-&lt;data&gt;. Następnie eplatnik uruchomi się ponownie z przywróconymi danymi.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Przywróć</translation>
    </message>
    <message>
        <source>Folder for the restored workspace</source>
        <translation>Katalog dla przywróconego obszaru roboczego</translation>
    </message>
</context>
</TS>
