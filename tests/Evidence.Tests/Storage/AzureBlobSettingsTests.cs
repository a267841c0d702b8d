using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>The Azure Blob settings a server refuses at start, each with a message naming what to fix.</summary>
public sealed class AzureBlobSettingsTests
{
    private static AzureBlobStorageOptions Options(string? url, AzureBlobCredential? credential, string? account = null,
        string? key = null, string? sas = null) =>
        new() { ServiceUrl = url, Credential = credential, Account = account, Key = key, Sas = sas };

    public static TheoryData<string?, AzureBlobCredential?, string?, string?, string?, string?> Cases => new()
    {
        // url, credential, account, key, sas → the setting the message names (null: accepted)
        { null, AzureBlobCredential.Entra, null, null, null, "ServiceUrl" },
        { "ftp://account.example", AzureBlobCredential.Entra, null, null, null, "ServiceUrl" },
        { "https://acct.blob.core.windows.net", AzureBlobCredential.SharedKey, "acct", null, null, "Key" },
        { "https://acct.blob.core.windows.net", AzureBlobCredential.SharedKey, null, TestEnvironment.AzuriteKey, null, "Account" },
        { "https://acct.blob.core.windows.net", AzureBlobCredential.SharedKey, "acct", "not base64!", null, "Key" },
        { "https://acct.blob.core.windows.net", AzureBlobCredential.Sas, null, null, null, "Sas" },
        { "http://127.0.0.1:10000/devstoreaccount1", AzureBlobCredential.Entra, null, null, null, "https" },
        { "https://acct.blob.core.windows.net", AzureBlobCredential.Entra, null, null, null, null },
        { "https://acct.blob.core.windows.net", AzureBlobCredential.Sas, null, null, "sv=2024-08-04&sig=x", null },
        { "http://127.0.0.1:10000/devstoreaccount1", AzureBlobCredential.SharedKey, "devstoreaccount1", TestEnvironment.AzuriteKey, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Settings_that_do_not_hold_together_are_refused_naming_the_setting(string? url, AzureBlobCredential? credential,
        string? account, string? key, string? sas, string? named)
    {
        var problem = Options(url, credential, account, key, sas).Problem();
        if (named is null) Assert.Null(problem);
        else Assert.Contains(named, problem);
    }

    [Theory]
    [InlineData("sv=x", null, AzureBlobCredential.Sas)]
    [InlineData(null, "a2V5", AzureBlobCredential.SharedKey)]
    [InlineData(null, null, AzureBlobCredential.Entra)]
    public void Without_a_credential_named_the_settings_given_choose_it(string? sas, string? key, AzureBlobCredential expected) =>
        Assert.Equal(expected, Options("https://acct.blob.core.windows.net", null, "acct", key, sas).EffectiveCredential);
}
