#pragma once

#include <QSaveFile>

#include <string>

namespace layers {

// Commits a QSaveFile written to `path`, or throws std::runtime_error naming the file, with the
// target left as it was. A full disk is said as such ("PATH: disk full, nothing written"): QSaveFile
// can commit a file a full disk cut short, so the file system is asked before the rename.
// `what` words other failures: "PATH: cannot write<what>: REASON".
void commitSaveFile(QSaveFile &file, const std::string &path, const std::string &what = "");

} // namespace layers
