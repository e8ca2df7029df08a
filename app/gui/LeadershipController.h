#pragma once

#include <QObject>

namespace app {

class MainWindow;

// The main window's part for dashboard, time slider, village table, charts, reports, server sync (issue
// #5/#8): it adds its docks and actions to the window and follows MainWindow::projectOpened().
class LeadershipController : public QObject
{
  Q_OBJECT
public:
  explicit LeadershipController(MainWindow *window);
  ~LeadershipController() override;

private:
  MainWindow *mWindow;
};

} // namespace app
