import { Field, InputType } from 'type-graphql';
import { OrderDirection, PaperOrderField } from './enums';

@InputType({ description: 'The order of a list of papers. The default is newest first.' })
export class PaperOrder {
  @Field(() => PaperOrderField)
  field!: PaperOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}
