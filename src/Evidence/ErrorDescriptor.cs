using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Evidence;

/// <summary>One entry of a module's error catalogue: a stable code, its HTTP status and a title.</summary>
public sealed record ErrorDescriptor(string Code, int Status, string Title)
{
    public ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail, statusCode: Status, title: Title, type: $"urn:cameras:error:{Code}",
            extensions: new Dictionary<string, object?> { ["code"] = Code });
}
