namespace Cameras.Evidence.Security;

/// <summary>
/// This node's current node token, reissued when less than half its lifetime is left: callers ask for it per
/// request, so a long-running relay never holds a token past its expiry and no long-lived token exists.
/// </summary>
public sealed class NodeCredential(NodeTokens tokens, string node, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    public string Current()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_token is null || now >= _renewAt)
            {
                _token = tokens.Issue(node, now);
                _renewAt = now + NodeTokens.Lifetime / 2;
            }
            return _token;
        }
    }
}
