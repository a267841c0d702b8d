namespace Cameras.Tests.Workspace;

/// <summary>The workspace's browser tests share one server and run one after another (one Chromium at a time on a small machine).</summary>
[CollectionDefinition(Name)]
public sealed class WorkspaceCollection : ICollectionFixture<WorkspaceServer>
{
    public const string Name = "workspace";
}
