; Inno Setup 6 script: per-user installer for the PyInstaller one-folder build (dist\eplatnik).
;
;   iscc /DAppVersion=0.1.0 installer\windows\eplatnik.iss
;
; Run from the repository root after the Windows build (docs/installing.md, "Windows"). The version
; must be passed from eplatnik.__version__ (installer\version_info.py prints it). No administrator
; rights are needed: the program goes to %LOCALAPPDATA%\Programs\eplatnik, the menu entry to the
; user's Start menu. The uninstaller removes the program only; workspaces (the user data folder,
; %LOCALAPPDATA%\eplatnik) are never deleted.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z installer\windows\eplatnik.iss
#endif
#define AppName "eplatnik"
#define Root "..\.."

[Setup]
; AppId identifies the product for upgrades and the uninstaller: never change it.
AppId={{6E1C8B0A-3F57-4C2B-9C4E-7A1D2B5E9F10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=eplatnik developers
AppComments=Deklaracje ZUS: rejestr płatników, KEDU, podpis, wysyłka
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=eplatnik-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\build\icons\eplatnik.ico
UninstallDisplayIcon={app}\eplatnik.exe
; LicenseFile={#Root}\LICENSE   (enable once the repository has the GPL text in LICENSE)
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "polish"; MessagesFile: "compiler:Languages\Polish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
polish.AssocKedu=Pokaż eplatnik w menu „Otwórz za pomocą” dla plików KEDU (.xml)
english.AssocKedu=Offer eplatnik in "Open with" for KEDU files (.xml)
polish.DesktopIcon=Skrót na pulpicie
english.DesktopIcon=Desktop shortcut

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked
; Off by default: .xml is a common type; this only adds eplatnik to "Open with", it never takes the default.
Name: "assockedu"; Description: "{cm:AssocKedu}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\eplatnik\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\eplatnik.exe"; Comment: "Deklaracje ZUS"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\eplatnik.exe"; Tasks: desktopicon

[Registry]
; HKA = HKCU for a per-user install (HKLM only if someone chose "all users" with admin rights)
Root: HKA; Subkey: "Software\Classes\eplatnik.kedu"; ValueType: string; ValueName: ""; ValueData: "KEDU (eplatnik)"; Flags: uninsdeletekey; Tasks: assockedu
Root: HKA; Subkey: "Software\Classes\eplatnik.kedu\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\eplatnik.exe,0"; Tasks: assockedu
Root: HKA; Subkey: "Software\Classes\eplatnik.kedu\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\eplatnik.exe"" ""%1"""; Tasks: assockedu
Root: HKA; Subkey: "Software\Classes\.xml\OpenWithProgids"; ValueType: string; ValueName: "eplatnik.kedu"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assockedu

[Run]
Filename: "{app}\eplatnik.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
