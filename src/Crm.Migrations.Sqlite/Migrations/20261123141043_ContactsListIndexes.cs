using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ContactsListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_City_IsActive_LastContactAtUtc",
                table: "Contacts_Customers",
                columns: new[] { "City", "IsActive", "LastContactAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_OwnerId_IsActive_LastContactAtUtc",
                table: "Contacts_Customers",
                columns: new[] { "OwnerId", "IsActive", "LastContactAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_Customers_City_IsActive_LastContactAtUtc",
                table: "Contacts_Customers");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_Customers_OwnerId_IsActive_LastContactAtUtc",
                table: "Contacts_Customers");
        }
    }
}
