#pragma once

#include <QObject>

namespace app {

class MainWindow;

// The main window's part for marking, editing, users, photos, GPS tracks, undo/redo (issue #4): it adds its
// docks and actions to the window and follows MainWindow::projectOpened().
class FieldController : public QObject
{
  Q_OBJECT
public:
  explicit FieldController(MainWindow *window);
  ~FieldController() override;

private:
  MainWindow *mWindow;
};

} // namespace app
