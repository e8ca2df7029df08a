#include "app/cli/Cli.h"

#include <QGuiApplication>

#include <cstring>
#include <memory>

int main(int argc, char **argv)
{
  // Commands that draw (render, report) need a QGuiApplication; offscreen, so no display is needed.
  // The others stay free of the platform plugin's start-up cost.
  std::unique_ptr<QGuiApplication> gui;
  if (argc > 1 && (!std::strcmp(argv[1], "render") || !std::strcmp(argv[1], "report"))) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    gui = std::make_unique<QGuiApplication>(argc, argv);
  }
  return app::cli::runCli(argc, argv);
}
