// delete-outputs was first written here as OutputCleanupActivities, then landed in activities/Storage
// as StorageActivities; the composition on the api branch still names the old class. Remove this
// alias once ClipServices calls services.AddClipWorkers(configuration).
global using OutputCleanupActivities = Geopera.Clip.Activities.Storage.StorageActivities;
