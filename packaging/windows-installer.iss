; Inno Setup script: a per-user install that needs no admin rights.
; Build the bundle first (python packaging\build_bundle.py), then compile this with Inno Setup 6:
;   iscc /DAppVersion=0.1.0 packaging\windows-installer.iss        -> dist\SDM-Desktop-0.1.0-Setup.exe
; Signed (README, "Signing"): add  "/Ssdmsign=signtool sign /fd SHA256 /tr URL /td SHA256 /a $f" /DSignTool=sdmsign
; Silent install for the current user: SDM-Desktop-0.1.0-Setup.exe /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER /NORESTART
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppName=SDM Desktop
AppVersion={#AppVersion}
AppPublisher=SDM Desktop
; Per user by default (%LOCALAPPDATA%\Programs\SDM Desktop); /ALLUSERS from an administrator puts it in
; Program Files instead, /CURRENTUSER keeps it per user.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\SDM Desktop
DefaultGroupName=SDM Desktop
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=SDM-Desktop-{#AppVersion}-Setup
Compression=lzma2/max
SolidCompression=yes
SetupIconFile=sdm-desktop.ico
UninstallDisplayIcon={app}\SDM Desktop.exe
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Files]
Source: "..\dist\SDM Desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{autoprograms}\SDM Desktop"; Filename: "{app}\SDM Desktop.exe"
