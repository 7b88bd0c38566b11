namespace Geopera.Clip.Activities.Storage;

/// <summary>The store's own disk refused a write (full, read-only, permissions), as opposed to the
/// content's source failing to read: the first is a storage outage, the second the caller's.</summary>
internal sealed class DiskWriteException(Exception inner) : Exception(inner.Message, inner)
{
    public static T Wrap<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiskWriteException(e);
        }
    }
}
