#pragma once

#include "data/store/Store.h"

#include <optional>
#include <string>
#include <vector>

namespace layers {

struct EvidenceOptions
{
  double maxDistanceM = 100; // warn when a photo was taken farther than this from the marked site/stretch
  int maxDaysApart = 7;      // warn when a photo's date is more than this many days from the event's date
  int thumbnailSize = 160;   // longest side of the stored thumbnail, pixels
};

// Reads a JPEG photo into an attachment (eventUuid left empty): its bytes, a JPEG thumbnail, the EXIF
// GPS position and time. Throws std::runtime_error naming the file when it cannot be read or is not
// a JPEG, so nothing is written for a bad photo.
data::Attachment loadPhoto(const std::string &path, const EvidenceOptions &options = {});

// Ground distance in metres from a lon/lat point to a feature: to its points, to its line (or to the
// stretch [fromM, toM] of a single line), to a polygon's boundary (0 inside).
double distanceToFeature(const gis::Point &p, const data::Feature &f, std::optional<double> fromM = {},
                         std::optional<double> toM = {});

// One line per problem with a photo attached to an event on a feature: taken farther than
// maxDistanceM from the site or stretch, taken more than maxDaysApart from the event's date, or
// without a GPS position or date to check.
std::vector<std::string> photoWarnings(const data::Attachment &photo, const data::Feature &f,
                                       const data::Event &e, const EvidenceOptions &options = {});

// Stores photos for a stored event in one transaction; returns them as stored.
std::vector<data::Attachment> attachPhotos(data::Store &store, const std::string &actor,
                                           const std::string &eventUuid,
                                           std::vector<data::Attachment> photos);

} // namespace layers
