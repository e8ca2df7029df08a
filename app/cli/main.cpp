#include "app/cli/Cli.h"

#include <QGuiApplication>

#include <cstring>
#include <memory>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace {

// Without a session (cron, ssh, CI) XDG_RUNTIME_DIR is unset and Qt prints a warning on stderr,
// which scripts read as an error. A private folder of our own, as Qt itself would make, keeps
// stderr for PlanMap's messages.
void ensureRuntimeDir()
{
  if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) return;
  const char *tmp = std::getenv("TMPDIR");
  const std::string dir =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/planmap-runtime-" + std::to_string(getuid());
  ::mkdir(dir.c_str(), 0700);
  struct stat st
  {
  };
  if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
      (st.st_mode & 0777) == 0700)
    qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(dir));
}

} // namespace

int main(int argc, char **argv)
{
  // Commands that draw (render, report) need a QGuiApplication; offscreen, so no display is needed.
  // The others stay free of the platform plugin's start-up cost.
  std::unique_ptr<QGuiApplication> gui;
  if (argc > 1 && (!std::strcmp(argv[1], "render") || !std::strcmp(argv[1], "report"))) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    ensureRuntimeDir();
    gui = std::make_unique<QGuiApplication>(argc, argv);
  }
  return app::cli::runCli(argc, argv);
}
