; Inno Setup script: a per-user install that needs no admin rights.
; Build the bundle first (python packaging\build_bundle.py), then compile this with Inno Setup.
[Setup]
AppName=SDM Desktop
AppVersion=0.1.0
DefaultDirName={localappdata}\Programs\SDM Desktop
DefaultGroupName=SDM Desktop
PrivilegesRequired=lowest
OutputBaseFilename=SDM-Desktop-Setup
DisableProgramGroupPage=yes
SetupIconFile=sdm-desktop.ico
UninstallDisplayIcon={app}\SDM Desktop.exe

[Files]
Source: "..\dist\SDM Desktop\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{userprograms}\SDM Desktop"; Filename: "{app}\SDM Desktop.exe"
