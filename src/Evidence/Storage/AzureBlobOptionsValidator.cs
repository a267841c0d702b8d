using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Storage;

/// <summary>Stops the server at start when the Azure Blob settings do not hold together, naming what to fix.</summary>
internal sealed class AzureBlobOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options) =>
        options.Storage.Kind != StorageKind.AzureBlob ? ValidateOptionsResult.Skip
        : options.Storage.AzureBlob.Problem() is { } problem ? ValidateOptionsResult.Fail(problem)
        : ValidateOptionsResult.Success;
}
