import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';

/** A MUI text field bound to react-hook-form, showing the field's validation message. */
export function FormTextField<T extends FieldValues>({
  control,
  name,
  ...props
}: { control: Control<T>; name: Path<T> } & Omit<TextFieldProps, 'name'>) {
  const { t } = useTranslation();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...props}
          {...field}
          value={field.value ?? ''}
          error={!!fieldState.error}
          // Schemas carry i18n keys as messages; server-sent messages fall through unchanged.
          helperText={
            fieldState.error?.message
              ? t(fieldState.error.message, { defaultValue: fieldState.error.message })
              : props.helperText
          }
        />
      )}
    />
  );
}
