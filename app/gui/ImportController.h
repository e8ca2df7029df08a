#pragma once

#include <QObject>
#include <QPointer>

class QAction;

namespace core {
class Project;
}

namespace app {

class ExportLayerDialog;
class ImportWizard;
class MainWindow;

// The main window's part for the import wizard and layer export: it adds its docks and actions to
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
  // File ▸ Export layer… (enabled while a project is open).
  QAction *exportAction() const { return mExportAction; }
  // Opens the export dialog (window-modal, not blocking) and returns it; it deletes itself on close.
  ExportLayerDialog *showExportDialog();

private:
  MainWindow *mWindow;
  core::Project *mProject; // the open project (the window's)
  QAction *mImportAction = nullptr;
  QAction *mExportAction = nullptr;
  QPointer<ImportWizard> mWizard;
  QPointer<ExportLayerDialog> mExportDialog;
};

} // namespace app
