#pragma once

#include <QObject>

namespace app {

class MainWindow;

// The main window's part for the import wizard and layer export (issue #6): it adds its docks and actions to
// the window and follows MainWindow::projectOpened().
class ImportController : public QObject
{
  Q_OBJECT
public:
  explicit ImportController(MainWindow *window);
  ~ImportController() override;

private:
  MainWindow *mWindow;
};

} // namespace app
