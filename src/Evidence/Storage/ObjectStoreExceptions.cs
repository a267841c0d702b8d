namespace Cameras.Evidence.Storage;

/// <summary>A commit that would overwrite an object. Evidence is never overwritten.</summary>
public sealed class ObjectAlreadyExistsException(string key)
    : IOException($"The object '{key}' already exists and objects are never overwritten.")
{
    public string Key { get; } = key;
}

public sealed class ObjectNotFoundException(string key) : IOException($"No object '{key}'.")
{
    public string Key { get; } = key;
}
