namespace Cameras.Evidence.Exports;

/// <summary>
/// A build failure no retry can mend: an original that no longer matches its hash, a recording that is gone. The
/// export is failed at once; any other failure (object store, database, signer) is retried while attempts remain.
/// </summary>
public sealed class ExportStoppedException(string message) : Exception(message);
