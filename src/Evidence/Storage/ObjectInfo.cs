namespace Cameras.Evidence.Storage;

public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified);
