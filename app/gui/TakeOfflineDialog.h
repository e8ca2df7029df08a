#pragma once

#include "data/store/Store.h"
#include "data/sync/Sync.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace app {

// File ▸ Take offline: what a field copy of the open server project holds (the features in a
// village, or in the current map extent), where it is written and who will work with it.
class TakeOfflineDialog : public QDialog
{
  Q_OBJECT
public:
  // `extent` is the current map view in lon/lat (nullopt: only villages can be chosen).
  TakeOfflineDialog(const data::Store &server, const std::optional<gis::Envelope> &extent,
                    const QString &user, QWidget *parent = nullptr);

  // The checkout to run (without the server, which the caller fills in).
  data::CheckoutRequest request() const;
  void setOutput(const QString &path);
  void setVillage(const QString &name);
  void useExtent(bool extent);

private:
  void browse();
  void updateOk();

  std::optional<gis::Envelope> mExtent;
  QRadioButton *mByVillage = nullptr;
  QRadioButton *mByExtent = nullptr;
  QComboBox *mVillage = nullptr;
  QLabel *mExtentLabel = nullptr;
  QLineEdit *mOut = nullptr;
  QComboBox *mUser = nullptr;
  QDialogButtonBox *mButtons = nullptr;
};

} // namespace app
