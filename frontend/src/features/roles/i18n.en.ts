// Custom roles (issue 25), merged over the shared English resources.
export const en = {
  customRoles: {
    nav: 'Roles',
    title: 'Custom roles',
    subtitle:
      'Permission sets that narrow what a user may do. A user keeps the companies and guests of their built-in role.',
    create: 'New role',
    editTitle: 'Edit {{name}}',
    empty: 'No custom roles yet',
    platformWide: 'Platform-wide',
    companyRole: 'Company',
    assign: 'Assign',
    unassign: 'Back to built-in role',
    assignTitle: 'Assign {{name}}',
    assignHelp:
      'The user’s permissions become this role’s, within their built-in role. You cannot give anyone more than you have.',
    deleteTitle: 'Delete {{name}}?',
    deleteMessage: 'A role that users still hold cannot be deleted; give them another role first.',
    fields: {
      name: 'Name',
      description: 'Description',
      scope: 'Belongs to',
      permissions: 'Permissions',
      users: 'Users',
      user: 'User',
    },
  },
};
