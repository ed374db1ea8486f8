#!/bin/sh
# Install heshi-station for the current user (no root needed) from the unpacked tarball:
#   program  -> ~/.local/opt/heshi-station/      (replaced on upgrade)
#   launcher -> ~/.local/bin/heshi-station, ~/.local/share/applications/heshi-station.desktop, icon
# The ledger lives in ~/.local/share/heshi-station/ and is never touched by this script.
# ./install.sh --uninstall removes the program and launcher only (the ledger and backups stay).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME}/.local"
app="${prefix}/opt/heshi-station"
apps="${XDG_DATA_HOME:-${HOME}/.local/share}/applications"
icons="${XDG_DATA_HOME:-${HOME}/.local/share}/icons/hicolor"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "${app}" "${prefix}/bin/heshi-station" "${apps}/heshi-station.desktop" \
         "${icons}/scalable/apps/heshi-station.svg" "${icons}/256x256/apps/heshi-station.png"
  echo "已卸载程序。台账和备份仍在 ~/.local/share/heshi-station/。"
  exit 0
fi

mkdir -p "${prefix}/opt" "${prefix}/bin" "${apps}" "${icons}/scalable/apps" "${icons}/256x256/apps"
rm -rf "${app}.new"
cp -a "${here}/heshi-station" "${app}.new"
rm -rf "${app}"
mv "${app}.new" "${app}"
ln -sf "${app}/heshi-station" "${prefix}/bin/heshi-station"
sed "s|^Exec=.*|Exec=${app}/heshi-station|" "${here}/heshi-station.desktop" > "${apps}/heshi-station.desktop"
cp "${here}/heshi-station.svg" "${icons}/scalable/apps/heshi-station.svg"
cp "${here}/heshi-station.png" "${icons}/256x256/apps/heshi-station.png"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "${apps}" || true
echo "已安装到 ${app}；在应用菜单中打开“代表联络站台账”。"
