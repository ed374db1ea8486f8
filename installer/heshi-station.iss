; Inno Setup script for heshi-station (代表联络站台账) on Windows 10/11.
;
; Build on Windows after the PyInstaller build (see README, "Install on Windows"):
;   uv run python scripts\build_installer.py
;   iscc /DAppVersion=0.1.0 installer\heshi-station.iss
; Output: dist\heshi-station-setup-<version>.exe
;
; Guarantees:
; - per-user install (no administrator rights): the program goes to %LOCALAPPDATA%\Programs\heshi-station;
; - the ledger lives in %LOCALAPPDATA%\heshi-station (platformdirs user_data_dir), a different folder that this
;   installer never writes, and that neither upgrades nor uninstall delete (no [UninstallDelete] entry touches it);
; - an upgrade replaces the program files only ([InstallDelete] clears the old _internal folder so no stale
;   library survives); the program itself migrates the ledger on first start, after a verified backup;
; - the version shows in the wizard, in "Apps & features" and in the setup file's name and properties.
; This file is UTF-8 with a byte-order mark, which Inno Setup 6 needs for the Chinese text.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "代表联络站台账"
#define AppExe "heshi-station.exe"
#define SourceDir "..\dist\heshi-station"

[Setup]
; Never change AppId: upgrades find the installed copy by it.
AppId={{5E2A8C1B-3F47-4D0E-9A61-6B1C7E0D4F92}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=heshi-station
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\heshi-station
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName} {#AppVersion}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\resources\icons\heshi-station.ico
OutputDir=..\dist
OutputBaseFilename=heshi-station-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running copy before replacing its files, and start it again afterwards if it was running.
CloseApplications=yes
RestartApplications=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式 / Create a desktop shortcut"; GroupDescription: "快捷方式 / Shortcuts:"

[InstallDelete]
; Only the program folder: files of an older build that the new one no longer ships.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\LICENSE"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName}（演示数据）"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName} / Start now"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: uninstalling removes the program files it installed and nothing
; else. The ledger (%LOCALAPPDATA%\heshi-station\ledger.sqlite3) and its backups stay on the PC.
