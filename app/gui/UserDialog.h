#pragma once

#include "data/store/Store.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QSettings;

namespace app {

// Asks who is working when a project opens. The choice is remembered per project (by its canonical
// path) in the given settings and preselected next time.
class UserDialog : public QDialog
{
  Q_OBJECT
public:
  UserDialog(const data::Store &store, const QString &projectPath, QSettings &settings,
             QWidget *parent = nullptr);
  std::optional<data::User> selectedUser() const;
  void selectUser(const QString &name);

  static QString rememberedUser(QSettings &settings, const QString &projectPath);
  static void rememberUser(QSettings &settings, const QString &projectPath, const QString &name);
  // "engineer1 (engineer)": the status bar's text for the current user.
  static QString describe(const data::User &user);

  void accept() override; // remembers the choice

private:
  std::vector<data::User> mUsers;
  QString mProjectPath;
  QSettings &mSettings;
  QComboBox *mCombo;
};

} // namespace app
