#pragma once

#include <QObject>
#include <QPointer>

class QAction;

namespace app {

class ImportWizard;
class MainWindow;

// The main window's part for the import wizard and layer export (issue #6): it adds its docks and actions to
// the window and follows MainWindow::projectOpened().
class ImportController : public QObject
{
  Q_OBJECT
public:
  explicit ImportController(MainWindow *window);
  ~ImportController() override;

  // File ▸ Import layer… (enabled while a project is open).
  QAction *importAction() const { return mImportAction; }
  // Opens the import wizard (window-modal, not blocking) and returns it; it deletes itself on close.
  ImportWizard *showImportWizard();

private:
  MainWindow *mWindow;
  QAction *mImportAction = nullptr;
  QPointer<ImportWizard> mWizard;
};

} // namespace app
